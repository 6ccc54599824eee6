// In this order: later files build on the earlier ones' rules.
import './styles/base.css';
import './styles/controls.css';
import './styles/work.css';
import './styles/pages.css';
import { App } from './app.js';
import { createAuth } from './auth/index.js';
import { loadConfig } from './config.js';
import { html } from './dom.js';
import { lang, setLang } from './i18n.js';

async function main(): Promise<void> {
  setLang(lang());
  const root = document.getElementById('app');
  if (!root) throw new Error('index.html has no #app element');
  try {
    const config = await loadConfig();
    await new App(root, config, createAuth(config)).start();
  } catch (error) {
    // Without a usable config.json nothing can work; say so instead of showing an empty page.
    root.innerHTML =
      html`<main class="fatal"><h1>Mahnwesen</h1><p role="alert">${String(error)}</p></main>`.value;
  }
}

void main();
