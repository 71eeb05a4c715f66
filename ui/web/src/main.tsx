import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, NavLink, Route, Routes } from 'react-router-dom';
import './style.css';
import { Home } from './pages/Home';
import { Pipelines } from './pages/Pipelines';
import { CreatePipeline } from './pages/CreatePipeline';
import { PipelineDetail } from './pages/PipelineDetail';
import { Functions } from './pages/Functions';
import { Installed } from './pages/Installed';
import { Nodes } from './pages/Nodes';
import { Connections } from './pages/Connections';

const LINKS = [
  ['/', 'Home'],
  ['/pipelines', 'Pipelines'],
  ['/pipelines/new', 'Create pipeline'],
  ['/connections', 'Connections'],
  ['/functions', 'Functions'],
  ['/installed', 'Installed'],
  ['/nodes', 'Nodes'],
] as const;

function App() {
  return (
    <BrowserRouter>
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <span className="brand">Wadi</span>
        <nav aria-label="Main">
          {LINKS.map(([to, label]) => (
            <NavLink key={to} to={to} end>
              {label}
            </NavLink>
          ))}
        </nav>
      </header>
      <main id="main">
        <Routes>
          <Route path="/" element={<Home />} />
          <Route path="/pipelines" element={<Pipelines />} />
          <Route path="/pipelines/new" element={<CreatePipeline />} />
          <Route path="/pipelines/:id" element={<PipelineDetail />} />
          <Route path="/connections" element={<Connections />} />
          <Route path="/functions" element={<Functions />} />
          <Route path="/installed" element={<Installed />} />
          <Route path="/nodes" element={<Nodes />} />
          <Route path="*" element={<p>No such page. <NavLink to="/">Home</NavLink></p>} />
        </Routes>
      </main>
    </BrowserRouter>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
