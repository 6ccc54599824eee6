import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ASSET_RESOURCE_METADATA_ENABLED_CONTEXT } from 'aws-cdk-lib/cx-api';
import { addMahnwesenStacks, type MahnwesenStacks } from '../../infra/mahnwesen-app.js';
import { repositoryRoot } from '../../statemachines/asl.js';

/** The "context" of cdk.json: the defaults `npx cdk synth` runs with (configuration and feature flags). */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson: unknown = JSON.parse(readFileSync(join(repositoryRoot, 'cdk.json'), 'utf8'));
  if (typeof cdkJson !== 'object' || cdkJson === null || !('context' in cdkJson)) {
    throw new Error('cdk.json has no "context"');
  }
  const { context } = cdkJson;
  if (typeof context !== 'object' || context === null) throw new Error('cdk.json "context" is not an object');
  return { ...context };
}

export interface AppOptions {
  /** Context on top of cdk.json's. */
  context?: Record<string, unknown>;
  /**
   * false for tests about templates rather than code or CloudFormation: no esbuild run (assets get a
   * placeholder hash) and no built-in CloudFormation rule engine (its start-up alone takes seconds).
   * cdk-nag runs either way.
   */
  full?: boolean;
  /**
   * The built page to upload. Default: a directory that does not exist, as when `npm run build:web` has not
   * run, so the templates do not depend on whether someone built web/dist.
   */
  pageDirectory?: string;
}

/** No page was built here: the web stack uploads nothing and says so. */
export const NO_PAGE_DIRECTORY = join(tmpdir(), 'mahnwesen-page-never-built');

/** An app configured as `npx cdk synth` configures it: cdk.json context plus the CLI's asset metadata. */
export function mahnwesenApp({ context = {}, full = true }: Omit<AppOptions, 'pageDirectory'> = {}): App {
  return new App({
    builtinCloudFormationValidation: full,
    context: {
      ...cdkJsonContext(),
      [ASSET_RESOURCE_METADATA_ENABLED_CONTEXT]: true,
      ...(full ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...context,
    },
  });
}

export interface SynthesizedApp extends MahnwesenStacks {
  app: App;
  dataTemplate: Template;
  workflowTemplate: Template;
  webTemplate: Template;
}

/** The app with its stacks, as `npx cdk synth` builds it (the page from `pageDirectory`, default none). */
export function buildMahnwesen({ pageDirectory = NO_PAGE_DIRECTORY, ...options }: AppOptions = {}): {
  app: App;
  stacks: MahnwesenStacks;
} {
  const app = mahnwesenApp(options);
  return { app, stacks: addMahnwesenStacks(app, { pageDirectory }) };
}

/**
 * Builds and synthesizes all stacks with cdk-nag in the app, so every template a test reads has passed
 * the nag gate. Bundling the functions takes seconds: build once per test file.
 */
export function synthesizeMahnwesen(options: AppOptions = {}): SynthesizedApp {
  const { app, stacks } = buildMahnwesen(options);
  return {
    app,
    ...stacks,
    dataTemplate: Template.fromStack(stacks.data),
    workflowTemplate: Template.fromStack(stacks.workflow),
    webTemplate: Template.fromStack(stacks.web),
  };
}

/** A deployment with the caller page on its own domain and a developer's extra sign-in and sign-out URLs. */
export const CUSTOM_DOMAIN_CONTEXT = {
  webDomainName: 'mahnwesen.example.com',
  webCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-123456789abc',
  callbackUrls: 'http://localhost:5173/app/',
  logoutUrls: 'http://localhost:5173/app/',
};

const builtPages: string[] = [];

/**
 * A stand-in for web/dist as `npm run build:web` leaves it (Vite copies web/public/config.json in, and
 * writes the API's openapi.json).
 */
export function builtPage(): string {
  const directory = mkdtempSync(join(tmpdir(), 'mahnwesen-page-'));
  builtPages.push(directory);
  mkdirSync(join(directory, 'assets'));
  writeFileSync(
    join(directory, 'index.html'),
    '<!doctype html><script type="module" src="/app/assets/a.js">',
  );
  writeFileSync(join(directory, 'assets', 'a.js'), 'export {};');
  writeFileSync(join(directory, 'config.json'), '{ "auth": "local", "apiBaseUrl": "" }');
  writeFileSync(join(directory, 'openapi.json'), '{ "openapi": "3.1.0", "paths": {} }');
  return directory;
}

export function removeBuiltPages(): void {
  for (const directory of builtPages.splice(0)) rmSync(directory, { recursive: true, force: true });
}
