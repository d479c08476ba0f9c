import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHttpApi } from './api/client.js';
import { App } from './app.js';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/virtual-list.css';
import './styles/sessions.css';
import './styles/transcript.css';
import './styles/markdown.css';
import './styles/actions.css';
import './styles/diff.css';
import './styles/review.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App api={createHttpApi()} />
    </StrictMode>,
  );
}
