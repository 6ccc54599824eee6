import { config } from 'zod';

/**
 * Every handler module imports this first (test/unit/handler-entry.test.ts), so it runs before any module
 * builds a schema: zod reads the setting when a schema is built. By default zod compiles a parser for each
 * object schema on its first parse (`new Function`), which pays off only over many parses; a Lambda parses its
 * configuration and policy once per cold start and then a few events of each shape, so compiling cost more
 * than it saved (the policy's first parse: about 40 ms compiled, 5 ms interpreted, on the development machine).
 */
config({ jitless: true });
