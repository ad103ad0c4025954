import { Anchor, Badge, Group } from '@mantine/core';
import type { Client } from '../../api/types';
import { DescriptionList } from '../../components/DescriptionList';
import { ClientStatusBadge } from '../../components/StatusBadge';
import { addressLines } from '../../lib/address';
import { formatDate, GENDER_LABELS } from '../../lib/format';

export function ClientProfileView({ client }: { client: Client }) {
  const ec = client.emergency_contact;
  return (
    <DescriptionList
      items={[
        ['Status', <ClientStatusBadge key="s" status={client.status} />],
        ['E-mail', client.email ? <Anchor href={`mailto:${client.email}`}>{client.email}</Anchor> : null],
        ['Phone', client.phone ? <Anchor href={`tel:${client.phone}`}>{client.phone}</Anchor> : null],
        ['Date of birth', client.date_of_birth ? formatDate(client.date_of_birth) : null],
        ['Gender', client.gender ? GENDER_LABELS[client.gender] : null],
        ['Source', client.source],
        [
          'Tags',
          client.tags.length ? (
            <Group gap={4} component="span">
              {client.tags.map((t) => (
                <Badge key={t} variant="outline" color="gray" size="sm">
                  {t}
                </Badge>
              ))}
            </Group>
          ) : null,
        ],
        ['Address', addressLines(client.address).join('\n') || null],
        [
          'Emergency contact',
          ec ? [ec.name, ec.relationship ? `(${ec.relationship})` : null, ec.phone].filter(Boolean).join(' ') : null,
        ],
        ['Goals', client.goals_summary],
        ['Notes', client.notes],
      ]}
    />
  );
}
