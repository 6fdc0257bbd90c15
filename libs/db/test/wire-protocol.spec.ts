import { Pool } from 'pg';

/**
 * Many clients sending different parameterised statements at once over the wire protocol. Each
 * is Parse/Bind/Describe/Execute/Sync; if the server let another client's Parse in between, the
 * unnamed statement would change under a Bind and results would be wrong or errors appear.
 */
describe('the database under concurrent extended-protocol traffic', () => {
  it('answers every one of 300 interleaved parameterised queries correctly', async () => {
    const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 12 });
    try {
      const work = Array.from({ length: 300 }, async (_, i) => {
        if (i % 3 === 0) {
          const { rows } = await pool.query<{ n: number }>('SELECT $1::int AS n', [i]);
          return rows[0]!.n === i;
        }
        if (i % 3 === 1) {
          const params = Array.from({ length: 8 }, (_, j) => i + j);
          const { rows } = await pool.query<{ n: number }>(
            'SELECT ($1::int + $2::int + $3::int + $4::int + $5::int + $6::int + $7::int + $8::int) AS n',
            params,
          );
          return rows[0]!.n === params.reduce((a, b) => a + b, 0);
        }
        const { rows } = await pool.query<{ s: string }>('SELECT $1::text || $2::text AS s', [`a${i}`, `b${i}`]);
        return rows[0]!.s === `a${i}b${i}`;
      });
      const outcomes = await Promise.all(work);
      expect(outcomes.filter((ok) => !ok)).toHaveLength(0);
    } finally {
      await pool.end();
    }
  });
});
