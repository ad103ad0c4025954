import { Group, Image, Text } from '@mantine/core';
import { useBusiness } from '../api/hooks/business';

/**
 * The business's logo and name (the product's name until they have loaded, or
 * if they cannot be): in the app header (cut short to one line) and above the
 * sign-in form (wrapped).
 */
export function BusinessBrand({ truncate = true }: { truncate?: boolean }) {
  const business = useBusiness();
  const name = typeof business.data?.name === 'string' ? business.data.name : 'FitnessCRM';
  return (
    <Group gap="xs" wrap="nowrap" miw={0} style={{ flex: 1 }}>
      {business.data?.logo_url ? <Image src={business.data.logo_url} alt="" h={32} w="auto" maw={96} fit="contain" /> : null}
      <Text component="span" fw={700} fz="lg" c="blue.9" truncate={truncate ? 'end' : undefined} miw={0} data-testid="business-name">
        {name}
      </Text>
    </Group>
  );
}
