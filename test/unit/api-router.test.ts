import { describe, expect, it } from 'vitest';
import { routerOf } from '../../functions/api/http.js';

const routes = [
  { method: 'GET', path: '/print-batches/{batchId}/{file}' },
  { method: 'POST', path: '/print-batches/{batchId}/posted' },
  { method: 'GET', path: '/tasks/{id}' },
  { method: 'GET', path: '/tasks/queue' },
  { method: 'GET', path: '/tasks' },
] as const;

describe("the caller API's router", () => {
  it('finds the route of a method and path with its path parameters, one segment each', () => {
    // Arrange
    const route = routerOf(routes);

    // Act
    const file = route('GET', '/print-batches/print-2026-03-16/pdf');
    const posted = route('POST', '/print-batches/print-2026-03-16/posted');

    // Assert
    expect(file).toEqual({ route: routes[0], params: { batchId: 'print-2026-03-16', file: 'pdf' } });
    expect(posted).toEqual({ route: routes[1], params: { batchId: 'print-2026-03-16' } });
  });

  it('prefers a route without parameters and ignores a trailing slash', () => {
    // Arrange
    const route = routerOf(routes);

    // Act
    const queue = route('GET', '/tasks/queue');
    const list = route('GET', '/tasks/');

    // Assert
    expect(queue?.route).toBe(routes[3]);
    expect(list?.route).toBe(routes[4]);
  });

  it('finds nothing for another method, an extra segment or an unknown path', () => {
    // Arrange
    const route = routerOf(routes);

    // Act
    const misses = [route('POST', '/tasks'), route('GET', '/tasks/a/b'), route('GET', '/nothing-here')];

    // Assert
    expect(misses).toEqual([undefined, undefined, undefined]);
  });

  it('decodes path parameters as API Gateway does, so an id with a slash or umlaut arrives as it was sent', () => {
    // Arrange
    const route = routerOf(routes);

    // Act
    const task = route('GET', `/tasks/${encodeURIComponent('RE/2026/Müller 1')}`);
    const malformed = route('GET', '/tasks/100%');

    // Assert
    expect(task?.params).toEqual({ id: 'RE/2026/Müller 1' });
    expect(malformed?.params).toEqual({ id: '100%' });
  });
});
