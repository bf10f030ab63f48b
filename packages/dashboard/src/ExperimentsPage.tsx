import { Fragment, h } from 'preact';
import type { Project } from './api.js';
import { fmtP, IntervalBar, pText } from './difference.js';
import { experimentCopy, type ExperimentDoc } from './experiment-copy.js';
import { fmt, parts, pct, t } from './i18n/locale.js';
import { count, Empty, Loading, Table, useApi, useDoc, type PageProps } from './shared.js';
import { experimentRows, verdictOf, type ExperimentReport } from './verdict.js';

export function ExperimentsPage({ project }: PageProps) {
  const { doc, error } = useDoc(project);
  if (!doc) return <Loading error={error} />;
  const ids = [...(doc.messages ?? []), ...(doc.flows ?? [])].flatMap((x) => (x.experiment ? [x.experiment.id] : []));
  if (!ids.length)
    return (
      <Empty>
        <p>{parts(t.noExperiments, { experiment: <code>experiment</code> })}</p>
      </Empty>
    );
  return (
    <div class="list">
      {ids.map((id) => (
        <ExperimentCard key={id} project={project} id={id} doc={doc} />
      ))}
    </div>
  );
}

/** A figure the report has no data for yet (no users on one side): said, never drawn as 0. */
const NoData = () => <span class="muted">{t.notEnoughData}</span>;

function ExperimentCard({ project, id, doc }: { project: Project; id: string; doc: ExperimentDoc }) {
  const { data, error } = useApi<ExperimentReport>(project, `/v1/reports/experiments/${encodeURIComponent(id)}`);
  if (!data)
    return (
      <section class="card">
        <h2>{id}</h2>
        <Loading error={error} />
      </section>
    );
  // The table and the verdict read the same rows.
  const rows = experimentRows(data);
  const verdict = verdictOf(data);
  const copy = experimentCopy(doc, id);
  const scale = Math.max(0.01, ...rows.flatMap((v) => (v.ci95 ? [Math.abs(v.ci95[0]), Math.abs(v.ci95[1])] : [])));
  return (
    <section class="card experiment" aria-labelledby={`x-${id}`}>
      <h2 id={`x-${id}`}>{id}</h2>
      <p class="muted">
        {fmt(t.goal, { event: data.goal.event })}
        {data.goal.withinDays ? fmt(t.within, { n: data.goal.withinDays }) : ''}
      </p>
      <p class={`verdict ${verdict.tone}`}>{verdict.text}</p>
      {!data.srm.ok && (
        <p class="warning" role="alert">
          {fmt(t.srmMismatch, { p: pText(data.srm.pValue) })}
        </p>
      )}
      <Table label={id}>
        <thead>
          <tr>
            <th scope="col">{t.variant}</th>
            <th scope="col">{t.copy}</th>
            <th scope="col">{t.users}</th>
            <th scope="col">{t.conversions}</th>
            <th scope="col">{t.rate}</th>
            <th scope="col">{t.lift}</th>
            <th scope="col">{t.interval}</th>
            <th scope="col">{t.pValue}</th>
            <th scope="col">{t.chanceToBeat}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => (
            <tr key={v.id}>
              <th scope="row">{v.label}</th>
              <td class="copy">
                {(copy.get(v.id) ?? []).map((line) => (
                  <div key={line.label}>
                    <span class="muted">{line.label}: </span>
                    {line.text}
                  </div>
                ))}
              </td>
              <td>{count(v.users)}</td>
              <td>{count(v.conversions)}</td>
              <td>{v.rate === null ? <NoData /> : pct(v.rate)}</td>
              {v.baseline ? (
                <td colSpan={4}>{t.baseline}</td>
              ) : v.lift === null && v.ci95 === null && v.pValue === null && v.chance === null ? (
                <td colSpan={4}>
                  <NoData />
                </td>
              ) : (
                <Fragment>
                  <td>{v.lift === null ? <NoData /> : pct(v.lift, true)}</td>
                  <td>
                    {v.ci95 ? (
                      <span class="ci">
                        <IntervalBar
                          lo={v.ci95[0]}
                          hi={v.ci95[1]}
                          scale={scale}
                          label={fmt(t.fromTo, { lo: pct(v.ci95[0], true), hi: pct(v.ci95[1], true) })}
                        />
                        <small>{fmt(t.loToHi, { lo: pct(v.ci95[0], true), hi: pct(v.ci95[1], true) })}</small>
                      </span>
                    ) : (
                      <NoData />
                    )}
                  </td>
                  <td>{v.pValue === null ? <NoData /> : fmtP(v.pValue)}</td>
                  <td>{v.chance === null ? <NoData /> : pct(v.chance)}</td>
                </Fragment>
              )}
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}
