import { Alert, Button, Card, CopyButton, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useCreateFeed, useFeeds, useRevokeFeed } from '../api/hooks/bookings';
import type { FeedCreated } from '../api/types';
import { formatDateTime } from '../lib/format';
import { ErrorAlert } from './ErrorAlert';

/** The signed-in user's secret iCal subscription address: create (shown once), copy, revoke. */
export function CalendarFeedCard() {
  const feeds = useFeeds();
  const create = useCreateFeed();
  const revoke = useRevokeFeed();
  const [created, setCreated] = useState<FeedCreated | null>(null);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="feed-heading">
      <Title order={2} fz="h4" id="feed-heading" mb="xs">
        Calendar subscription
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Subscribe your phone or computer calendar to a private address that always shows your bookings. Anyone with the address can see them: revoke it if it leaks.
      </Text>
      <Stack gap="sm">
        <ErrorAlert error={feeds.error ?? create.error ?? revoke.error} />
        {created ? (
          <Alert color="green" title="Your subscription address (shown only once)">
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput label="Subscription URL" readOnly value={created.url} style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
              <CopyButton value={created.url}>
                {({ copied, copy }) => (
                  <Button onClick={copy} color={copied ? 'teal' : 'blue'}>
                    {copied ? 'Copied' : 'Copy URL'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Alert>
        ) : null}
        {(feeds.data ?? []).map((f) => (
          <Group key={f.id} justify="space-between">
            <Text size="sm">
              Created {formatDateTime(f.created_at)} · {f.last_used_at ? `last used ${formatDateTime(f.last_used_at)}` : 'not used yet'}
            </Text>
            <Button size="compact-sm" variant="subtle" color="red" loading={revoke.isPending} onClick={() => revoke.mutate(f.id, { onSuccess: () => setCreated(null) })}>
              Revoke
            </Button>
          </Group>
        ))}
        <Group>
          <Button variant="light" loading={create.isPending} onClick={() => create.mutate(undefined, { onSuccess: setCreated })}>
            Create subscription URL
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
