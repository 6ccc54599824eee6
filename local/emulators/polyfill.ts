/**
 * aws-local-stepfunctions 3 calls Promise.withResolvers (ES2024), which Node 20 does not have. This module
 * must be evaluated before the library runs a state machine; stepfunctions.ts imports it first and loads the
 * library itself only later, with a dynamic import.
 */
import { createDeferred } from './shared.js';

const promiseConstructor: PromiseConstructor & { withResolvers?: unknown } = Promise;

if (typeof promiseConstructor.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function withResolvers<T>() {
      return createDeferred<T>();
    },
  });
}
