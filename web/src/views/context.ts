import type { Api } from '../api.js';
import type { Session } from '../auth/session.js';
import type { AppConfig } from '../config.js';

/** What every view gets from the app: the API, who is signed in, and the app's few shared services. */
export interface ViewContext {
  api: Api;
  config: AppConfig;
  session: Session;
  supervisor: boolean;
  /** Tells screen-reader users what just happened (polite live region). */
  announce(message: string): void;
  navigate(hash: string): void;
}
