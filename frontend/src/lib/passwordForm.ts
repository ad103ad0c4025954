import { hasLength, useForm } from '@mantine/form';

/** New password + confirmation, shared by reset, invitation and account pages. */
export function useNewPasswordForm() {
  return useForm({
    mode: 'uncontrolled',
    initialValues: { password: '', confirm: '' },
    validate: {
      password: hasLength({ min: 8 }, 'Use at least 8 characters'),
      confirm: (value, values) => (value !== values.password ? 'The passwords do not match' : null),
    },
  });
}
