import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createBrowserServices } from './services';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App services={createBrowserServices()} />
  </StrictMode>,
);
