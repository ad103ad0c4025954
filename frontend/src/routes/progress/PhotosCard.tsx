import { ActionIcon, Button, Card, FileInput, Group, Image, Select, SimpleGrid, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useDeletePhoto, usePhotos, usePhotoUrl, useUploadPhoto } from '../../api/hooks/progress';
import type { Photo, PhotoPose } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { formatDate } from '../../lib/format';
import { notify } from '../../lib/notify';
import { localToday } from '../../lib/plan';

const POSES: { value: PhotoPose; label: string }[] = [
  { value: 'front', label: 'Front' },
  { value: 'side', label: 'Side' },
  { value: 'back', label: 'Back' },
];
const POSE_LABEL: Record<PhotoPose, string> = { front: 'Front', side: 'Side', back: 'Back' };
const MAX_MB = 10;

/** An image behind a signed, short-lived URL (fetched per photo, refreshed before it expires). */
function SignedImage({ photo, size, alt, h }: { photo: Photo; size: 'thumb' | 'full'; alt: string; h?: number }) {
  const url = usePhotoUrl(photo.id, size);
  if (url.isPending) return <Skeleton h={h ?? 160} />;
  if (url.error) return <ErrorAlert error={url.error} />;
  return <Image src={url.data} alt={alt} h={h} fit="contain" radius="sm" bg="gray.1" />;
}

function describe(p: Photo): string {
  return `${POSE_LABEL[p.pose]} photo, ${formatDate(p.taken_on)}`;
}

export function PhotosCard({ clientId, canUpload, isClient }: { clientId: string; canUpload: boolean; isClient: boolean }) {
  const photos = usePhotos(clientId);
  const upload = useUploadPhoto(clientId);
  const remove = useDeletePhoto(clientId);
  const [file, setFile] = useState<File | null>(null);
  const [pose, setPose] = useState<PhotoPose>('front');
  const [takenOn, setTakenOn] = useState(localToday());
  const [error, setError] = useState<unknown>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const items = photos.data?.items ?? [];
  const [comparePose, setComparePose] = useState<PhotoPose>('front');
  const ofPose = items.filter((p) => p.pose === comparePose).sort((a, b) => a.taken_on.localeCompare(b.taken_on));
  const [beforeId, setBeforeId] = useState<string | null>(null);
  const [afterId, setAfterId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Photo | null>(null);
  const before = ofPose.find((p) => p.id === beforeId) ?? ofPose[0];
  const after = ofPose.find((p) => p.id === afterId) ?? ofPose[ofPose.length - 1];
  const options = ofPose.map((p) => ({ value: p.id, label: formatDate(p.taken_on) }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!file) {
      setFileError('Choose a photo.');
      return;
    }
    if (file.size > MAX_MB * 1_048_576) {
      setFileError(`The photo is larger than ${MAX_MB} MB.`);
      return;
    }
    setFileError(null);
    try {
      await upload.mutateAsync({ file, pose, takenOn });
      notify({ color: 'green', message: 'Photo uploaded' });
      // Keep a photo chosen while this one was uploading.
      setFile((chosen) => (chosen === file ? null : chosen));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="photos-heading">
      <Title order={2} fz="h4" id="photos-heading" mb="xs">
        Progress photos
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {isClient ? 'Private: visible only to you and your trainers.' : 'Private: visible only to the client and their trainers.'} Location
        data is removed on upload.
      </Text>
      {canUpload ? (
        <form onSubmit={submit} noValidate aria-label="Upload a progress photo">
          <Stack gap="xs" mb="md">
            <FormErrorAlert error={error} />
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
              <FileInput label="Photo" placeholder="Choose a photo" accept="image/jpeg,image/png,image/webp" value={file} onChange={setFile} error={fileError} clearable />
              <Select label="Pose" data={POSES} value={pose} onChange={(v) => setPose((v ?? 'front') as PhotoPose)} allowDeselect={false} />
              <TextInput label="Taken on" type="date" value={takenOn} max={localToday()} onChange={(e) => setTakenOn(e.currentTarget.value)} />
            </SimpleGrid>
            <Button type="submit" loading={upload.isPending} style={{ alignSelf: 'flex-start' }}>
              Upload photo
            </Button>
          </Stack>
        </form>
      ) : null}
      <ErrorAlert error={photos.error} onRetry={() => void photos.refetch()} />
      {photos.isPending ? (
        <Skeleton h={120} />
      ) : items.length === 0 ? (
        <Text c="dimmed" size="sm">
          No photos yet.
        </Text>
      ) : (
        <Stack>
          <section aria-labelledby="compare-heading">
            <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
              <Title order={3} fz="h5" id="compare-heading">
                Before and after
              </Title>
              <Select aria-label="Pose to compare" data={POSES} value={comparePose} onChange={(v) => setComparePose((v ?? 'front') as PhotoPose)} allowDeselect={false} w={120} size="xs" />
            </Group>
            {ofPose.length < 2 ? (
              <Text size="sm" c="dimmed">
                Upload at least two {POSE_LABEL[comparePose].toLowerCase()} photos to compare them.
              </Text>
            ) : (
              <SimpleGrid cols={2} spacing="xs">
                {[
                  { label: 'Before', photo: before, set: setBeforeId },
                  { label: 'After', photo: after, set: setAfterId },
                ].map(({ label, photo, set }) => (
                  <Stack key={label} gap={4}>
                    <Select aria-label={`${label} photo date`} data={options} value={photo?.id ?? null} onChange={set} allowDeselect={false} size="xs" />
                    {photo ? <SignedImage photo={photo} size="full" alt={`${label}: ${describe(photo)}`} h={320} /> : null}
                  </Stack>
                ))}
              </SimpleGrid>
            )}
          </section>
          <section aria-labelledby="gallery-heading">
            <Title order={3} fz="h5" id="gallery-heading" mb="xs">
              Gallery
            </Title>
            <SimpleGrid cols={{ base: 3, sm: 5 }} spacing="xs">
              {items.map((p) => (
                <Stack key={p.id} gap={2}>
                  <SignedImage photo={p} size="thumb" alt={describe(p)} h={120} />
                  <Group justify="space-between" gap={2} wrap="nowrap">
                    <Text size="xs">
                      {POSE_LABEL[p.pose]} · {formatDate(p.taken_on)}
                    </Text>
                    {canUpload ? (
                      <ActionIcon size="sm" variant="subtle" color="red" aria-label={`Delete ${describe(p)}`} onClick={() => setDeleting(p)}>
                        <span aria-hidden>×</span>
                      </ActionIcon>
                    ) : null}
                  </Group>
                </Stack>
              ))}
            </SimpleGrid>
          </section>
        </Stack>
      )}
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete this photo?"
        confirmLabel="Delete photo"
        color="red"
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        {deleting ? `${describe(deleting)} will be deleted for good.` : null}
      </ConfirmDialog>
    </Card>
  );
}
