import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './app/styles.css';
import { EmbedPage } from './app/EmbedPage';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <EmbedPage />
  </StrictMode>,
);
