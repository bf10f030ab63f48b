import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { migrate, SqliteStore } from './sqlite-store.js';
import { surveyAnswerRows, surveyReport } from '../testing/survey-answers.js';

const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

it("migrating keeps the survey answers already stored, by the rule ingest follows, without a preview tab's", async () => {
  const fresh = new SqliteStore(new Database(':memory:'));
  stores.push(fresh);
  const project = await fresh.createProject({ name: 'p', writeKey: 'w', secretKey: 's', origins: [] });
  await fresh.insertEvents(project.id, surveyAnswerRows());
  const expected = await surveyReport(fresh, project.id);
  // Not vacuous: five answers with a score, booleans as 1, objects as JSON; three comments, newest first; no preview answer.
  expect(expected.scores).toEqual([
    { score: '{"stars":4}', count: 1 },
    { score: 'n/a', count: 1 },
    { score: 1, count: 1 },
    { score: 3, count: 1 },
    { score: 9, count: 1 },
    { score: null, count: 1 },
  ]);
  expect(expected.comments.map((c) => c.text)).toEqual(['yes', 'slow', 'great']);

  // A database of the schema before survey answers were kept: the events only.
  const db = new Database(':memory:');
  migrate(db, 15);
  db.prepare("INSERT INTO projects (id, name, write_key, secret_key, created_at) VALUES (1, 'p', 'w', 's', 0)").run();
  const insert = db.prepare(
    "INSERT INTO events (project_id, message_id, type, event, user_id, timestamp, received_at, payload) VALUES (1, ?, 'track', 'Survey Answered', ?, ?, 0, ?)",
  );
  for (const r of surveyAnswerRows()) insert.run(r.messageId, r.userId, r.timestamp, r.payload);
  const migrated = new SqliteStore(db);
  stores.push(migrated);
  expect(await surveyReport(migrated, 1)).toEqual(expected);

  // Erasing a user takes their answer out of the report.
  await migrated.deleteUser(1, 'ada');
  const after = await surveyReport(migrated, 1);
  expect(after.scores.map((s) => s.score)).not.toContain(9);
  expect(after.comments.map((c) => c.text)).toEqual(['yes', 'slow']);
});
