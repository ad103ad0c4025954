import { Center, Loader } from '@mantine/core';

export function PageLoader({ label = 'Loading page' }: { label?: string }) {
  return (
    <Center py="xl" role="status">
      <Loader aria-label={label} />
    </Center>
  );
}
