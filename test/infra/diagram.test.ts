import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { repositoryRoot } from '../../infra/deployment-config.js';
import { diagramFile, renderDiagramDocument, renderStateDiagram } from '../../scripts/diagram.js';

describe('the state machine diagram', () => {
  it('is up to date with the ASL files (run `npm run diagram` after changing one)', () => {
    // Arrange
    const committed = readFileSync(join(repositoryRoot, diagramFile), 'utf8');

    // Act
    const generated = renderDiagramDocument();

    // Assert
    expect(committed).toBe(generated);
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
