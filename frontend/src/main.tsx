import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startErrorTracking } from './lib/errorTracking';
import { preloadRoute } from './routes';

const root = document.getElementById('root');
if (!root) throw new Error('#root element missing from index.html');
preloadRoute(window.location.pathname);
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// After the first render: asks the server whether to report errors, and loads the SDK only if so.
void startErrorTracking();
