import { Button, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageHeader } from '../components/PageHeader';

export default function NotFoundPage() {
  return (
    <Stack>
      <PageHeader title="Page not found" />
      <Text>There is nothing at this address, or you do not have access to it.</Text>
      <div>
        <Button component={Link} to="/">
          Go to the start page
        </Button>
      </div>
    </Stack>
  );
}
