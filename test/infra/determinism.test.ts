import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ASSET_RESOURCE_METADATA_ENABLED_CONTEXT } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { DunningFunction } from '../../infra/constructs/dunning-function.js';
import { functionDefinitions } from '../../infra/function-definitions.js';
import { repositoryRoot } from '../../statemachines/asl.js';
import { type SynthesizedApp, synthesizeMahnwesen } from './synthesize.js';

function templatesOf(synthesized: SynthesizedApp): string {
  return JSON.stringify({
    data: synthesized.dataTemplate.toJSON(),
    workflow: synthesized.workflowTemplate.toJSON(),
    web: synthesized.webTemplate.toJSON(),
  });
}

/** One bundled handler in a stack of its own: what the asset hash of every function depends on. */
function bundledFunctionTemplate(): string {
  const app = new App({
    builtinCloudFormationValidation: false,
    context: { [ASSET_RESOURCE_METADATA_ENABLED_CONTEXT]: true },
  });
  const stack = new Stack(app, 'Bundle');
  const [definition] = functionDefinitions;
  if (!definition) throw new Error('no function definitions');
  new DunningFunction(stack, 'Function', { definition, environment: {} });
  return JSON.stringify(Template.fromStack(stack).toJSON());
}

describe('the synthesized templates', () => {
  let first: SynthesizedApp;
  let second: SynthesizedApp;

  // The whole app twice without bundling (bundle determinism has its own test below, on one handler);
  // CDK's CloudFormation rule engine validates, it does not change templates.
  beforeAll(() => {
    first = synthesizeMahnwesen({ full: false });
    second = synthesizeMahnwesen({ full: false });
  }, 120_000);

  it('are identical when the app is synthesized twice', () => {
    // Arrange
    const firstTemplates = templatesOf(first);

    // Act
    const secondTemplates = templatesOf(second);

    // Assert
    expect(secondTemplates).toBe(firstTemplates);
    expect(first.app.outdir).not.toBe(second.app.outdir);
  });

  it('name the same bundle when a handler is bundled twice into different directories', () => {
    // Arrange
    const firstBundle = bundledFunctionTemplate();

    // Act
    const secondBundle = bundledFunctionTemplate();

    // Assert
    expect(secondBundle).toBe(firstBundle);
    expect(firstBundle).toMatch(/"S3Key":"[0-9a-f]{64}\.zip"/);
  });

  it('contain no absolute path of the machine that synthesized them', () => {
    // Arrange
    const machinePaths = [repositoryRoot, tmpdir(), first.app.outdir, process.cwd()];

    // Act
    const templates = [templatesOf(first), bundledFunctionTemplate()];

    // Assert
    for (const template of templates) {
      for (const path of machinePaths) expect(template).not.toContain(path);
    }
  });

  it('are identical when the app with the built page is synthesized twice', () => {
    // Arrange
    const pageDirectory = mkdtempSync(join(tmpdir(), 'mahnwesen-page-'));
    writeFileSync(join(pageDirectory, 'index.html'), '<!doctype html><title>Mahnwesen</title>');
    const synthesizeWeb = () =>
      JSON.stringify(synthesizeMahnwesen({ full: false, pageDirectory }).webTemplate.toJSON());

    // Act
    const [once, twice] = [synthesizeWeb(), synthesizeWeb()];
    rmSync(pageDirectory, { recursive: true, force: true });

    // Assert
    expect(twice).toBe(once);
    expect(once).toContain('Custom::CDKBucketDeployment');
    expect(once).not.toContain(pageDirectory);
  });

  it('contain no timestamp', () => {
    // Arrange
    const instant = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

    // Act
    const templates = templatesOf(first);

    // Assert
    expect(templates).not.toMatch(instant);
  });
});
