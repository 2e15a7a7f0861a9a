// 监督协同: the response loop (every warning's request to the agency and where it stands) and how the other
// supervision went per agency and year — deputies' motions, procuratorial suggestions, reviews, deliberation opinions.
import { emitJson, rows, sql } from "./emit.ts";

await emitJson(async (db) => {
  const requests = await rows(
    db,
    sql<{ id: string; warning: string; code: string; i: string; colour: string; opened: string; deadline: string; state: string; answered: string | null; closed: string | null }>`
      select request_id as id, warning_id as warning, agency_code as code, indicator_code as i, colour,
             to_char(opened_on, 'YYYY-MM-DD') as opened, to_char(deadline, 'YYYY-MM-DD') as deadline, state,
             to_char(answered_on, 'YYYY-MM-DD') as answered, to_char(closed_on, 'YYYY-MM-DD') as closed
        from scoring.response_requests
       order by deadline, agency_code, indicator_code`,
  );
  const summary = await rows(
    db,
    sql<Record<string, number | string | null>>`
      select agency_code as code, agency_type as type, year,
             motions_assigned, motions_answered, motions_answered_on_time, motions_rated, motions_satisfied,
             suggestions_issued, suggestions_issued_adopted, suggestions_received, suggestions_received_adopted,
             review_score::float8, review_opinions_raised, review_opinions_resolved,
             opinions_received, opinions_reported_on_time, opinions_overdue, opinions_closed, activities, inquiries
        from marts.agency_supervision_summary
       order by year desc, agency_type, agency_code`,
  );
  return { requests, summary };
});
