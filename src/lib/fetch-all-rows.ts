/** PostgREST answers at most `max_rows` (1000) rows per request; this pages through the rest. */
const PAGE_SIZE = 1000;

interface PageResult<Row> {
  data: Row[] | null;
  error: unknown;
}

export async function fetchAllRows<Row>(page: (from: number, to: number) => PromiseLike<PageResult<Row>>): Promise<Row[]> {
  const rows: Row[] = [];
  for (let from = 0; ; from += PAGE_SIZE) {
    const { data, error } = await page(from, from + PAGE_SIZE - 1);
    if (error) throw error;
    rows.push(...(data ?? []));
    if (!data || data.length < PAGE_SIZE) return rows;
  }
}
