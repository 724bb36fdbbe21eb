/** Query parameters of the paginated listings. */
import { z } from 'zod';
import { isPageCursor } from '../../shared/dynamo/page-cursor';
import { limitQuery } from './fields';

export const pageQuery = z
  .object({
    limit: limitQuery,
    cursor: z
      .string()
      .max(1000)
      .refine(isPageCursor, 'is not a cursor this API returned')
      .optional(),
  })
  .strict();

export const pageQueryWithSubtree = pageQuery
  .extend({ subtree: z.enum(['true', 'false']).optional() })
  .strict();
