import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { assignableSource, clientSource } from '../../api/hooks/pickers';
import { useAssign } from '../../api/hooks/training';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { SearchSelect } from '../../components/SearchSelect';
import { notify } from '../../lib/notify';
import { localToday } from '../../lib/plan';
import { MAX_LENGTH } from '../../api/limits';

type What = { kind: 'program' | 'template'; id: string; name: string };

/**
 * Assigns a programme or a single workout to a client from a start date. Opened either from a programme
 * (the client is picked here) or from a client (the programme or workout is picked here).
 */
export function AssignModal({
  opened,
  onClose,
  what,
  client,
}: {
  opened: boolean;
  onClose: () => void;
  what?: What;
  client?: { id: string; name: string };
}) {
  const assign = useAssign();
  const [clientId, setClientId] = useState<string | null>(client?.id ?? null);
  const [source, setSource] = useState<string | null>(what ? `${what.kind}:${what.id}` : null);
  const [startDate, setStartDate] = useState(localToday());
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState<string | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const cid = client?.id ?? clientId;
    if (!cid || !source || !startDate) {
      setMissing(!cid ? 'Choose a client.' : !source ? 'Choose a programme or workout.' : 'Choose a start date.');
      return;
    }
    setMissing(null);
    const [kind, id] = source.split(':');
    try {
      const result = await assign.mutateAsync({
        client_id: cid,
        start_date: startDate,
        notes: notes.trim() || null,
        ...(kind === 'program' ? { program_id: id } : { template_id: id }),
      });
      notify({ color: 'green', title: 'Assigned', message: `${result.title} starts ${startDate}.` });
      onClose();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={what ? `Assign ${what.name}` : `Assign training to ${client?.name ?? 'client'}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormErrorAlert error={error} />
          {missing ? (
            <Text c="red.8" size="sm" role="alert">
              {missing}
            </Text>
          ) : null}
          {client ? null : (
            <SearchSelect
              label="Client"
              placeholder="Search clients"
              required
              source={clientSource()}
              value={clientId}
              onChange={setClientId}
              noItemsMessage="No clients yet"
            />
          )}
          {what ? null : (
            <SearchSelect
              label="Programme or workout"
              placeholder="Search programmes and workouts"
              required
              source={assignableSource()}
              value={source}
              onChange={setSource}
              noItemsMessage="No programmes or workouts yet"
            />
          )}
          <TextInput label="Start date" type="date" required value={startDate} onChange={(e) => setStartDate(e.currentTarget.value)} />
          <Textarea label="Note for the client" autosize minRows={2} maxLength={MAX_LENGTH.ProgramAssignmentIn.notes} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={assign.isPending}>
              Assign
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
