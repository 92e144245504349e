import { FormEvent, useEffect, useState } from 'react';
import { ActionGroup, Alert, Button, Form, FormGroup, LoginPage, TextInput } from '@patternfly/react-core';
import { ApiError, describeError } from '../api';
import { useSession } from '../context';
import { login } from '../session';

/** User and password, exchanged at once for a session; the password is not kept. */
export default function Login() {
  const { start, endedBecause } = useSession();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // a 429's Retry-After, counted down
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    if (waitUntil == null) return;
    const t = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= waitUntil) setWaitUntil(null);
    }, 1000);
    return () => clearInterval(t);
  }, [waitUntil]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const pw = password;
    setPassword('');
    try {
      start(await login(user.trim(), pw));
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.status === 429 && err.retryAfterSeconds != null) {
        setWaitUntil(Date.now() + err.retryAfterSeconds * 1000);
        setNow(Date.now());
      }
    } finally {
      setBusy(false);
    }
  };

  const waiting = waitUntil != null && waitUntil > now;
  return (
    <LoginPage loginTitle="Log in to Nubis" loginSubtitle="Experiments and compute clusters on clouds" data-testid="login-page">
      <Form onSubmit={submit} data-testid="login-form">
        {endedBecause && !error && (
          <Alert isInline variant="info" title="Logged out" data-testid="login-ended">
            {endedBecause}
          </Alert>
        )}
        {error != null && (
          <Alert isInline variant="danger" title="Login failed" data-testid="login-error">
            {describeError(error)}
            {waiting && (
              <div data-testid="login-retry-after">
                You can try again in {Math.ceil((waitUntil! - now) / 1000)} s.
              </div>
            )}
          </Alert>
        )}
        <FormGroup label="User name" isRequired fieldId="login-user">
          <TextInput
            id="login-user"
            name="username"
            autoComplete="username"
            isRequired
            value={user}
            onChange={(_e, v) => setUser(v)}
            data-testid="login-user"
            autoFocus
          />
        </FormGroup>
        <FormGroup label="Password" isRequired fieldId="login-password">
          <TextInput
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            isRequired
            value={password}
            onChange={(_e, v) => setPassword(v)}
            data-testid="login-password"
          />
        </FormGroup>
        <ActionGroup>
          <Button
            type="submit"
            variant="primary"
            isBlock
            isLoading={busy}
            isDisabled={busy || waiting || user.trim() === '' || password === ''}
            data-testid="login-submit"
          >
            Log in
          </Button>
        </ActionGroup>
      </Form>
    </LoginPage>
  );
}
