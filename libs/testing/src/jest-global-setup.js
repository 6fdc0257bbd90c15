// Jest global setup for every project: the tests need the stack `npm test` starts (embedded
// database, RabbitMQ, Redis) and the URLs it exports. Say so plainly when jest runs without it.
module.exports = async function globalSetup() {
  if (process.env.DATABASE_URL && process.env.AMQP_URL) return;
  throw new Error(
    'These tests need a database and a broker. Run them through `npm test` ' +
      '(e.g. `npm test -- --projects=db`), which starts both, or set DATABASE_URL and AMQP_URL.',
  );
};
