import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * The one zod every product module imports (`import * as z from './zod.js'`): zod/mini, whose schemas carry no
 * methods and whose unused parts a bundler drops (about 65 KB less per Lambda than classic zod, and cheaper to
 * build at cold start). Importing it configures zod before any schema is built:
 * - English messages, which classic zod loads by itself and mini does not; the API's problem details and the
 *   configuration errors name fields with them.
 * - No JIT: by default zod compiles a parser per object schema on its first parse (`new Function`), which pays
 *   off only over many parses; a Lambda parses its configuration and policy once per cold start and then a few
 *   events of each shape, so compiling cost more than it saved.
 */
config({ ...en(), jitless: true });

export * from 'zod/mini';
