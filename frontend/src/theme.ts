import {
  createTheme,
  defaultVariantColorsResolver,
  parseThemeColor,
  type CSSVariablesResolver,
  type MantineThemeComponent,
  type VariantColorsResolver,
} from '@mantine/core';

/**
 * Mantine's light/subtle/outline variants put mid-shade text on a tinted
 * background, which misses WCAG AA (4.5:1) for most hues (green, orange, cyan…).
 * Use shade 9 darkened by 30 % instead: ≥ 4.5:1 on the tint and on white.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant === 'light' || input.variant === 'subtle' || input.variant === 'outline') {
    const parsed = parseThemeColor({ color: input.color || input.theme.primaryColor, theme: input.theme });
    if (parsed.isThemeColor && parsed.shade === undefined) {
      const text = `color-mix(in srgb, var(--mantine-color-${parsed.color}-9) 70%, black)`;
      return {
        ...colors,
        color: text,
        hoverColor: text,
        ...(input.variant === 'outline' ? { border: `1px solid ${text}` } : {}),
      };
    }
  }
  return colors;
};

const namedCloseButton: MantineThemeComponent = { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } };

export const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 keeps white-on-filled buttons above 4.5:1 for blue and red.
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  // Modals, drawers and menus appear without animation for people who ask their system for less motion.
  respectReducedMotion: true,
  variantColorResolver,
  components: {
    // Mantine's close buttons have no text: give every one a name for screen readers and voice control.
    // Plain objects, not `Modal.extend(…)` (which only returns its argument): importing Modal and Drawer here put
    // them, and the ScrollArea they use, in the entry script that every first visit downloads.
    Modal: namedCloseButton,
    Drawer: namedCloseButton,
    Notification: namedCloseButton,
  },
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-8)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    '--mantine-color-anchor': 'var(--mantine-color-blue-8)',
  },
  dark: {},
});
