// A clicked asset: its separation of rights on the date, registrations and certificates,
// grants and trades, findings, and the impact of a problem in it.
import type { Core } from "cytoscape";
import { type ReactNode, useEffect, useState } from "react";

import {
  AssetGrantsDocument,
  AssetRecordDocument,
  AssetRightsDocument,
  AssetTradesDocument,
  ImpactDocument,
  type AssetGrantsQuery,
  type AssetRecordQuery,
  type AssetRightsQuery,
  type AssetTradesQuery,
  type FindingsQuery,
  type ImpactQuery,
} from "../generated/graphql";
import { call, query, type Answer } from "./api";
import type { GraphNode } from "./graph";
import { enumLabel, named, t, type Labels, type Lang } from "./i18n";

type Finding = FindingsQuery["findings"]["items"][number];
type Right = AssetRightsQuery["rights"]["edges"][number]["node"];

interface Props {
  node: GraphNode;
  token: string | null;
  lang: Lang;
  labels: Labels;
  asOf: string;
  asRecordedAt: string | null;
  cy: Core | null;
  nameOf: (uid: string) => string;
  onAffected: (uids: string[]) => void;
  findings: Finding[];
  onSetA: (node: GraphNode) => void;
  onSetB: (node: GraphNode) => void;
}

function forbidden(answer: Answer<unknown> | null): boolean {
  return !!answer && answer.errors.some((e) => e.extensions?.code === "FORBIDDEN");
}

// One section of records: refused, empty, or a table of two cells a row.
function Listing<T>(props: {
  testId: string;
  refused: boolean;
  rows: T[];
  lang: Lang;
  row: (item: T) => [string, ReactNode, ReactNode];
}) {
  const { testId, refused, rows, lang, row } = props;
  return (
    <div data-testid={testId}>
      {refused ? (
        <p className="muted">{t("forbidden", lang)}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{t("none", lang)}</p>
      ) : (
        <table>
          <tbody>
            {rows.map((item) => {
              const [key, left, right] = row(item);
              return (
                <tr key={key}>
                  <td>{left}</td>
                  <td>{right}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function Details(props: Props) {
  const { node, token, lang, labels, asOf, asRecordedAt } = props;
  const asset = node.asset;
  const [record, setRecord] = useState<Answer<AssetRecordQuery> | null>(null);
  const [rights, setRights] = useState<Answer<AssetRightsQuery> | null>(null);
  const [grants, setGrants] = useState<Answer<AssetGrantsQuery> | null>(null);
  const [trades, setTrades] = useState<Answer<AssetTradesQuery> | null>(null);
  const [impact, setImpact] = useState<ImpactQuery["impact"] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!asset) return;
    const id = asset.id;
    // Separate requests: a role may read the record but not the rights, and each section
    // says so on its own.
    call(AssetRecordDocument, { id }, token).then(setRecord, (e) => setFailure(String(e)));
    call(AssetRightsDocument, { id, asOf: asOf || null, asRecordedAt }, token).then(setRights, (e) => setFailure(String(e)));
    call(AssetGrantsDocument, { id, asOf: asOf || null }, token).then(setGrants, (e) => setFailure(String(e)));
    call(AssetTradesDocument, { id }, token).then(setTrades, (e) => setFailure(String(e)));
  }, [asset, token, asOf, asRecordedAt]);

  // Leaving a node clears the impact it marked.
  useEffect(() => () => props.onAffected([]), []);

  if (!asset) {
    return (
      <p>
        {node.uid} — {t("notValid", lang)}
      </p>
    );
  }

  const rec = record?.data?.node;
  const party = (p: { nameZh: string; nameEn?: string | null } | null | undefined) => named(p, lang);
  const rightList = rights?.data?.rights.edges.map((e) => e.node) ?? [];
  const byKind = (kind: Right["kind"]) => rightList.filter((r) => r.kind === kind);

  const showImpact = async () => {
    try {
      const data = await query(ImpactDocument, { resourceId: asset.id, depth: 10 }, token);
      setImpact(data.impact);
      props.onAffected([node.uid, ...data.impact.affected.nodes.map((n) => n.assetId)]);
    } catch (e) {
      setFailure(String(e));
    }
  };

  const rightRows = (list: Right[]) =>
    list.length === 0 ? (
      <p className="muted">{t("none", lang)}</p>
    ) : (
      <table>
        <tbody>
          {list.map((r) => (
            <tr key={r.uid}>
              <td>
                <strong>{party(r.holder)}</strong>
                {r.parentRight ? (
                  <>
                    <br />
                    <small>
                      {t("from", lang)} {party(r.parentRight.holder)}
                    </small>
                  </>
                ) : null}
              </td>
              <td>
                {enumLabel(labels, "RightBasis", r.basis, lang)}
                {r.basisReference ? ` ${r.basisReference}` : ""}
                <br />
                <small>
                  {r.validFrom} – {r.validTo ?? "…"} · {enumLabel(labels, "RightStatus", r.status, lang)}
                </small>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );

  const registrations = rec && "registrations" in rec ? rec.registrations : [];

  return (
    <div>
      <h2 data-testid="details-title">{named(asset, lang)}</h2>
      <p className="muted">
        {asset.__typename === "DataResource" ? (
          <>
            {t("resource", lang)} · {t("catalogCode", lang)} {asset.catalogCode} ·{" "}
            {enumLabel(labels, "DataCategory", asset.category, lang)} · {enumLabel(labels, "DataGrade", asset.grade, lang)}
          </>
        ) : (
          <>
            {t("product", lang)} · {enumLabel(labels, "ProductKind", asset.kind, lang)}
          </>
        )}
        {rec?.__typename === "DataResource" && rec.source ? (
          <>
            <br />
            {t("source", lang)}: {party(rec.source)}
          </>
        ) : null}
        {rec?.__typename === "DataProduct" && rec.operator ? (
          <>
            <br />
            {t("operator", lang)}: {party(rec.operator)}
          </>
        ) : null}
      </p>
      <p>
        <button onClick={() => props.onSetA(node)}>{t("setA", lang)}</button>{" "}
        <button onClick={() => props.onSetB(node)}>{t("setB", lang)}</button>{" "}
        {asset.__typename === "DataResource" && <button onClick={showImpact}>{t("impact", lang)}</button>}
      </p>
      {failure && <div className="error">{failure}</div>}

      {props.findings.length > 0 && (
        <>
          <h3>{t("findings", lang)}</h3>
          {props.findings.map((f, i) => (
            <div className="finding-item" key={i}>
              <strong>{f.rule}</strong> ({f.article}) {lang === "zh" ? f.messageZh : f.message}
            </div>
          ))}
        </>
      )}

      {impact && (
        <div data-testid="impact">
          <h3>{t("impact", lang)}</h3>
          <h3>{t("accountable", lang)}</h3>
          <ul>
            {impact.accountable.map((a, i) => (
              <li key={i}>
                {party(a.party)} — {a.role}
                {a.kind ? ` · ${enumLabel(labels, "ActivityKind", a.kind, lang)}` : ""} · {props.nameOf(a.assetId)}
              </li>
            ))}
          </ul>
          <h3>{t("affectedProducts", lang)}</h3>
          <ul>
            {impact.affectedProducts.map((uid) => (
              <li key={uid}>{props.nameOf(uid)}</li>
            ))}
          </ul>
          <p>
            {t("activeGrants", lang)}: {impact.activeAuthorizationNumbers.join(", ") || t("none", lang)}
            <br />
            {t("trades", lang)}: {impact.transactionNumbers.join(", ") || t("none", lang)}
          </p>
          <h3>{t("notify", lang)}</h3>
          <ul>
            {impact.notify.map((p) => (
              <li key={p.id}>
                {party(p)} <small className="muted">{enumLabel(labels, "PartyKind", p.kind, lang)}</small>
              </li>
            ))}
          </ul>
        </div>
      )}

      <h3>
        {t("rights", lang)} · {asOf}
      </h3>
      <div data-testid="rights">
        {forbidden(rights) ? (
          <p className="muted">{t("forbidden", lang)}</p>
        ) : !rights ? (
          <p className="muted">{t("loading", lang)}</p>
        ) : (
          <>
            <h3>{t("holding", lang)}</h3>
            {rightRows(byKind("HOLDING"))}
            <h3>{t("processingUse", lang)}</h3>
            {rightRows(byKind("PROCESSING_USE"))}
            <h3>{t("productOperation", lang)}</h3>
            {rightRows(byKind("PRODUCT_OPERATION"))}
          </>
        )}
      </div>

      <h3>{t("registrations", lang)}</h3>
      <Listing
        testId="registrations"
        refused={forbidden(record)}
        rows={registrations}
        lang={lang}
        row={(r) => [
          r.number,
          <>
            {r.number}
            <br />
            <small>
              {enumLabel(labels, "RegistrationType", r.type, lang)} · {party(r.applicant)}
            </small>
          </>,
          <>
            {enumLabel(labels, "RegistrationStatus", r.status, lang)}
            {r.certificate ? (
              <>
                <br />
                <small>
                  {t("certificate", lang)} {r.certificate.number} ({r.certificate.validFrom} – {r.certificate.validTo})
                </small>
              </>
            ) : null}
          </>,
        ]}
      />

      <h3>{t("grants", lang)}</h3>
      <Listing
        testId="grants"
        refused={forbidden(grants)}
        rows={grants?.data?.authorizations.edges.map((e) => e.node) ?? []}
        lang={lang}
        row={(g) => [
          g.number,
          <>
            {g.number}
            <br />
            <small>{enumLabel(labels, "AuthorizationKind", g.kind, lang)}</small>
          </>,
          <>
            {party(g.grantor)} → {party(g.grantee)}
            <br />
            <small>
              {enumLabel(labels, "RightKind", g.rightKind, lang)} · {g.validFrom} – {g.validTo ?? "…"} ·{" "}
              {enumLabel(labels, "AuthorizationStatus", g.status, lang)}
            </small>
          </>,
        ]}
      />

      <h3>{t("trades", lang)}</h3>
      <Listing
        testId="trades"
        refused={forbidden(trades)}
        rows={trades?.data?.transactions.edges.map((e) => e.node) ?? []}
        lang={lang}
        row={(x) => [
          x.number,
          <>
            {x.number}
            <br />
            <small>
              {x.tradeDate} · {enumLabel(labels, "TransactionMode", x.mode, lang)}
            </small>
          </>,
          <>
            {party(x.seller)} → {party(x.buyer)}
            {x.exchange ? ` @ ${party(x.exchange)}` : ""}
            <br />
            <small>
              {x.price} {x.currency} · {enumLabel(labels, "PricingMode", x.pricingMode, lang)}
              {x.crossBorder ? ` · → ${x.destinationCountry}` : ""}
            </small>
          </>,
        ]}
      />
    </div>
  );
}
