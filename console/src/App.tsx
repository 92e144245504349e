import { useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import {
  Button,
  Label,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadLogo,
  MastheadMain,
  MastheadToggle,
  Nav,
  NavItem,
  NavList,
  Page,
  PageSidebar,
  PageSidebarBody,
  PageToggleButton,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import { BarsIcon } from '@patternfly/react-icons';
import { ConnectionBadge } from './components';
import { EventsProvider, SessionProvider, useSession } from './context';
import Clouds from './pages/Clouds';
import Clusters from './pages/Clusters';
import Dashboard from './pages/Dashboard';
import ExperimentDetail from './pages/ExperimentDetail';
import Experiments from './pages/Experiments';
import Login from './pages/Login';
import Operations from './pages/Operations';

export const BASENAME = '/nubis/console';

const NAV = [
  { path: '/', label: 'Dashboard', id: 'dashboard' },
  { path: '/clouds', label: 'Clouds', id: 'clouds' },
  { path: '/experiments', label: 'Experiments', id: 'experiments' },
  { path: '/clusters', label: 'Clusters', id: 'clusters' },
  { path: '/operations', label: 'Operations', id: 'operations' },
];

function Shell() {
  const { session, logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [sidebarOpen, setSidebarOpen] = useState(true);
  const active = (path: string) => (path === '/' ? location.pathname === '/' : location.pathname.startsWith(path));

  const masthead = (
    <Masthead data-testid="masthead">
      <MastheadMain>
        <MastheadToggle>
          <PageToggleButton
            isHamburgerButton
            aria-label="Navigation"
            isSidebarOpen={sidebarOpen}
            onSidebarToggle={() => setSidebarOpen((o) => !o)}
            data-testid="nav-toggle"
          >
            <BarsIcon />
          </PageToggleButton>
        </MastheadToggle>
        <MastheadBrand>
          <MastheadLogo href={`${BASENAME}/`} data-testid="product-name" style={{ fontSize: '1.4rem', fontWeight: 600 }}>
            Nubis
          </MastheadLogo>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight>
          <ToolbarContent>
            <ToolbarGroup align={{ default: 'alignEnd' }} gap={{ default: 'gapMd' }}>
              <ToolbarItem>
                <ConnectionBadge />
              </ToolbarItem>
              <ToolbarItem>
                <span data-testid="user-name">{session?.user}</span>{' '}
                <Label isCompact data-testid="user-role">
                  {session?.role}
                </Label>
              </ToolbarItem>
              <ToolbarItem>
                <Button
                  variant="secondary"
                  data-testid="logout"
                  onClick={async () => {
                    await logout();
                    navigate('/');
                  }}
                >
                  Log out
                </Button>
              </ToolbarItem>
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );

  const sidebar = (
    <PageSidebar isSidebarOpen={sidebarOpen}>
      <PageSidebarBody>
        <Nav aria-label="Main" data-testid="nav">
          <NavList>
            {NAV.map((n) => (
              <NavItem
                key={n.id}
                itemId={n.id}
                isActive={active(n.path)}
                to={BASENAME + n.path}
                preventDefault
                onClick={() => navigate(n.path)}
                data-testid={`nav-${n.id}`}
              >
                {n.label}
              </NavItem>
            ))}
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );

  return (
    <Page masthead={masthead} sidebar={sidebar} isContentFilled>
      <Routes>
        <Route path="/" element={<Dashboard />} />
        <Route path="/clouds" element={<Clouds />} />
        <Route path="/experiments" element={<Experiments />} />
        <Route path="/experiments/:name" element={<ExperimentDetail />} />
        <Route path="/clusters" element={<Clusters />} />
        <Route path="/operations" element={<Operations />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </Page>
  );
}

function Gate() {
  const { session } = useSession();
  if (!session) return <Login />;
  return (
    <EventsProvider>
      <Shell />
    </EventsProvider>
  );
}

export default function App() {
  return (
    <SessionProvider>
      <BrowserRouter basename={BASENAME}>
        <Gate />
      </BrowserRouter>
    </SessionProvider>
  );
}
