/**
 * The geometry of a DIN 5008 form B business letter on A4, in PDF points from the top left corner (PDF
 * itself counts from the bottom; the drawing helpers convert). Form B: letterhead 45 mm high, so the
 * address window of a DIN C6/5 or DL envelope with its window on the left shows the address field.
 */
export const POINTS_PER_MM = 72 / 25.4;
export const mm = (millimetres: number): number => millimetres * POINTS_PER_MM;

/** ISO 216 A4: 210 x 297 mm. */
export const PAGE = { width: mm(210), height: mm(297) } as const;

/**
 * Address field 85 x 45 mm at 20 mm from the left and 45 mm from the top: the Zusatz- und Vermerkzone
 * (17.7 mm, five lines, the return address at its foot) above the Anschriftzone (27.3 mm, six lines).
 */
export const ADDRESS_FIELD = {
  left: mm(20),
  top: mm(45),
  width: mm(85),
  height: mm(45),
  remarkZoneHeight: mm(17.7),
  addressZoneTop: mm(45 + 17.7),
  addressLines: 6,
  /** Inner margin so no letter touches the window's edge when the sheet slips in the envelope. */
  padding: mm(5),
} as const;

/** Information block right of the address field: 125 mm from the left, from 50 mm down, 75 mm wide. */
export const INFO_BLOCK = { left: mm(125), top: mm(50), width: mm(75) } as const;

/** The subject's first line; the body follows it. */
export const SUBJECT_TOP = mm(98.46);

/** Text margins of the body: 25 mm left, 20 mm right. */
export const TEXT = { left: mm(25), right: PAGE.width - mm(20) } as const;

/** Where the body continues on a later page (it ends above the page number, which sits above the footer). */
export const BODY = { continuationTop: mm(20) } as const;

/** The footer's columns with the creditor's register and bank data, on every page. */
export const FOOTER = {
  columns: [
    { left: mm(25), width: mm(46) },
    { left: mm(73), width: mm(64) },
    { left: mm(139), width: mm(51) },
  ],
} as const;

/** Fold marks for a DL envelope (form B: 105 mm and 210 mm) and the hole mark at half the page height. */
export const MARKS = {
  folds: [mm(105), mm(210)],
  hole: mm(148.5),
  left: mm(3),
  foldLength: mm(5),
  holeLength: mm(8),
} as const;

/** The letterhead proper: creditor name and contact lines above the address field. */
export const LETTERHEAD = { top: mm(15) } as const;
