import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  diagramFile,
  readmeFile,
  renderDiagramDocument,
  renderStateDiagram,
  withReadmeDiagram,
} from '../../scripts/diagram.js';
import { repositoryRoot } from '../../statemachines/asl.js';

describe('the state machine diagram', () => {
  it('is up to date with the ASL files (run `npm run diagram` after changing one)', () => {
    // Arrange
    const committed = readFileSync(join(repositoryRoot, diagramFile), 'utf8');

    // Act
    const generated = renderDiagramDocument();

    // Assert
    expect(committed).toBe(generated);
  });

  it('stands up to date in the README too (run `npm run diagram` after changing the dunning ASL)', () => {
    // Arrange
    const committed = readFileSync(join(repositoryRoot, readmeFile), 'utf8');

    // Act
    const regenerated = withReadmeDiagram(committed);

    // Assert
    expect(committed).toContain('```mermaid\nstateDiagram-v2\n  [*] --> Prepare');
    expect(regenerated).toBe(committed);
  });

  it('refuses a README that lost its diagram markers rather than dropping the diagram silently', () => {
    // Arrange, Act, Assert
    expect(() => withReadmeDiagram('# README without markers\n')).toThrow(/lacks the diagram markers/);
  });

  it('shows every state of the dunning state machine and every way out of it', () => {
    // Arrange
    const definition: unknown = JSON.parse(
      readFileSync(join(repositoryRoot, 'statemachines/dunning.asl.json'), 'utf8'),
    );
    const { StartAt, States } = z
      .object({ StartAt: z.string(), States: z.record(z.string(), z.unknown()) })
      .parse(definition);

    // Act
    const diagram = renderStateDiagram(definition);

    // Assert
    expect(diagram.startsWith('stateDiagram-v2\n')).toBe(true);
    for (const name of Object.keys(States)) expect(diagram).toMatch(new RegExp(`^  ${name}( |$)`, 'm'));
    expect(diagram).toContain(`[*] --> ${StartAt}`);
    expect(diagram).toContain('OpenTask --> RecordOutcome : catch States.Timeout');
    expect(diagram).toContain('state Route <<choice>>');
  });

  it('labels choices with their conditions and keeps Mermaid-breaking characters out of labels', () => {
    // Arrange
    const definition = {
      StartAt: 'Decide',
      States: {
        Decide: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.kind', StringEquals: 'a:b', Next: 'Done' },
            { Not: { Variable: '$.n', NumericGreaterThan: 3 }, Next: 'Done' },
          ],
          Default: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    };

    // Act
    const diagram = renderStateDiagram(definition);

    // Assert
    expect(diagram).toContain('Decide --> Done : $.kind = a b');
    expect(diagram).toContain('Decide --> Done : not $.n NumericGreaterThan 3');
    expect(diagram).toContain('Decide --> Done : otherwise');
    expect(diagram).toContain('Done --> [*]');
  });
});
