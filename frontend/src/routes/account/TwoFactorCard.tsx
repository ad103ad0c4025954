import { Alert, Badge, Button, Card, Code, Group, Image, Modal, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useDisableTwoFactor, useEnableTwoFactor, useStartTwoFactor, useTwoFactorStatus } from '../../api/hooks/twoFactor';
import { errorMessage } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../lib/format';
import { notify } from '../../lib/notify';

/** The otpauth:// link as a QR code (drawn here: the secret never leaves the browser for an image service). */
function useQrCode(text: string | undefined): string | null {
  const [image, setImage] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    if (text) void QRCode.toDataURL(text, { margin: 1, width: 200 }).then((url) => current && setImage(url));
    return () => {
      current = false;
    };
  }, [text]);
  return text ? image : null;
}

export function TwoFactorCard() {
  const status = useTwoFactorStatus();
  const start = useStartTwoFactor();
  const enable = useEnableTwoFactor();
  const disable = useDisableTwoFactor();
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [turningOff, setTurningOff] = useState(false);
  const [password, setPassword] = useState('');
  const qr = useQrCode(start.data?.otpauth_uri);
  const settingUp = start.data != null && !status.data?.enabled;

  const turnOn = () =>
    enable.mutate(
      { code: code.trim(), password },
      {
        onSuccess: (answer) => {
          setRecoveryCodes(answer.recovery_codes);
          setCode('');
          setPassword('');
          start.reset();
        },
      },
    );
  const turnOff = () =>
    disable.mutate(password, {
      onSuccess: () => {
        notify({ color: 'green', message: 'Two-factor sign-in is off' });
        setTurningOff(false);
        setPassword('');
      },
    });

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="two-factor-heading">
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="h4" id="two-factor-heading">
          Two-factor sign-in
        </Title>
        {status.data ? (
          <Badge variant="light" color={status.data.enabled ? 'green' : 'gray'}>
            {status.data.enabled ? 'On' : 'Off'}
          </Badge>
        ) : null}
      </Group>
      {status.error ? (
        <ErrorAlert error={status.error} title="Could not load your sign-in settings" onRetry={() => void status.refetch()} />
      ) : status.data?.enabled ? (
        <Stack gap="sm">
          <Text size="sm">
            Signing in needs your password and a code from your authenticator app (on since{' '}
            {formatDateTime(status.data.enabled_at)}). {status.data.recovery_codes_left} recovery codes left.
          </Text>
          <Group>
            <Button variant="outline" color="red" onClick={() => setTurningOff(true)}>
              Turn off
            </Button>
          </Group>
        </Stack>
      ) : settingUp ? (
        <Stack gap="sm">
          <Text size="sm">
            Scan this code with an authenticator app (such as Aegis, Google Authenticator or 1Password), or type the
            key into it. Then enter the 6-digit code it shows.
          </Text>
          {qr ? <Image src={qr} alt="QR code for your authenticator app" w={200} h={200} /> : null}
          <Text size="sm">
            Key: <Code>{start.data?.secret}</Code>
          </Text>
          {enable.error ? (
            <Alert color="red" role="alert">
              {errorMessage(enable.error).detail ?? errorMessage(enable.error).title}
            </Alert>
          ) : null}
          <TextInput
            label="Code from the app"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            maw={220}
          />
          <PasswordInput
            label="Your password"
            description="Asked again before your sign-in changes."
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            maw={320}
          />
          <Group>
            <Button onClick={turnOn} loading={enable.isPending} disabled={code.trim().length < 6 || !password}>
              Turn on
            </Button>
            <Button variant="default" onClick={() => start.reset()}>
              Cancel
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Ask for a code from your phone as well as your password, so a stolen password alone cannot sign in.
          </Text>
          <Group>
            <Button onClick={() => start.mutate()} loading={start.isPending} disabled={status.isPending}>
              Set up an authenticator app
            </Button>
          </Group>
        </Stack>
      )}

      <Modal opened={recoveryCodes !== null} onClose={() => setRecoveryCodes(null)} title="Two-factor sign-in is on" centered>
        <Stack>
          <Text size="sm">
            Keep these recovery codes somewhere safe (printed, or in a password manager). Each signs you in once if you
            lose your phone. They are shown only now.
          </Text>
          <Code block data-testid="recovery-codes">
            {(recoveryCodes ?? []).join('\n')}
          </Code>
          <Group justify="flex-end">
            <Button onClick={() => setRecoveryCodes(null)}>I have saved them</Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={turningOff} onClose={() => setTurningOff(false)} title="Turn off two-factor sign-in?" centered>
        <Stack>
          <Text size="sm">Signing in will need only your password. Enter it to confirm.</Text>
          {disable.error ? (
            <Alert color="red" role="alert">
              {errorMessage(disable.error).detail ?? errorMessage(disable.error).title}
            </Alert>
          ) : null}
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setTurningOff(false)}>
              Cancel
            </Button>
            <Button color="red" onClick={turnOff} loading={disable.isPending} disabled={!password}>
              Turn off
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
