//! The page in points, `y` from the top of the page; colours.

pub(super) const MM: f32 = 72.0 / 25.4;
pub(super) const PAGE_W: f32 = 595.276;
pub(super) const PAGE_H: f32 = 841.89;
pub(super) const LEFT: f32 = 20.0 * MM;
pub(super) const RIGHT: f32 = PAGE_W - 20.0 * MM;
pub(super) const CONTENT_W: f32 = RIGHT - LEFT;
pub(super) const TOP: f32 = 17.0 * MM;
/// Where the right column (heading, recipient) starts: 118 mm, the Swedish
/// address position for right-window envelopes.
pub(super) const RIGHT_COL: f32 = 118.0 * MM;
pub(super) const RIGHT_COL_W: f32 = RIGHT - RIGHT_COL;
/// Where the recipient's address starts at the latest.
pub(super) const RECIPIENT_TOP: f32 = 50.0 * MM;
/// The footer's rule.
pub(super) const FOOTER_RULE: f32 = PAGE_H - 19.0 * MM;
/// Nothing of the body goes below this.
pub(super) const BODY_BOTTOM: f32 = FOOTER_RULE - 14.0;

/// The table's columns: activity and basis left-aligned, amount right-aligned.
pub(super) const CELL_PAD: f32 = 6.0;
pub(super) const COL_ACTIVITY_X: f32 = LEFT + CELL_PAD;
pub(super) const COL_ACTIVITY_W: f32 = 180.0;
pub(super) const COL_BASIS_X: f32 = COL_ACTIVITY_X + COL_ACTIVITY_W + 12.0;
pub(super) const COL_BASIS_W: f32 = 188.0;
pub(super) const COL_AMOUNT_RIGHT: f32 = RIGHT - CELL_PAD;
pub(super) const COL_AMOUNT_W: f32 = COL_AMOUNT_RIGHT - (COL_BASIS_X + COL_BASIS_W + 12.0);

pub(super) const TABLE_SIZE: f32 = 9.0;
pub(super) const TABLE_LEADING: f32 = 12.0;
pub(super) const ROW_PAD: f32 = 5.0;
pub(super) const TABLE_HEAD_H: f32 = 20.0;

/// At most this many lines for one party block or one header value.
pub(super) const MAX_BLOCK_LINES: usize = 14;

pub(super) type Rgb = (f32, f32, f32);
pub(super) const INK: Rgb = (0.12, 0.13, 0.15);
pub(super) const MUTED: Rgb = (0.40, 0.42, 0.45);
pub(super) const ACCENT: Rgb = (0.08, 0.24, 0.42);
pub(super) const DRAFT_RED: Rgb = (0.72, 0.12, 0.12);
pub(super) const RULE: Rgb = (0.80, 0.81, 0.83);
pub(super) const SHADE: Rgb = (0.935, 0.94, 0.95);
pub(super) const WATERMARK: Rgb = (0.88, 0.88, 0.89);
/// Cosine and sine of 35°, the watermark's slope; constants rather than
/// `sin_cos`, whose last digit may differ between platforms' maths libraries.
pub(super) const DIAGONAL: (f32, f32) = (0.819_152, 0.573_576_4);
