-- Entry criteria of the playbook as one query (bigquery), written by playbook calibrate.
-- Over table support.tickets; columns typed by the warehouse, named by the mapping. One row:
--   tickets: tickets in the table
--   excluded: tickets left out: a value not convertible or outside its range
--   matches_level_1_p2_production: tickets level-1/p2-production matches
--   matches_level_1_requested_escalation: tickets level-1/requested-escalation matches
--   matches_level_1_billing_dispute: tickets level-1/billing-dispute matches
--   matches_level_2_enterprise_p2_no_workaround: tickets level-2/enterprise-p2-no-workaround matches
--   matches_level_2_single_customer_p1: tickets level-2/single-customer-p1 matches
--   matches_level_2_large_dispute: tickets level-2/large-dispute matches
--   matches_level_3_multi_customer_p1: tickets level-3/multi-customer-p1 matches
--   matches_level_3_data_integrity: tickets level-3/data-integrity matches
--   matches_level_3_security: tickets level-3/security matches
--   matches_level_3_regulatory_safety: tickets level-3/regulatory-safety matches
--   matches_level_4_churn_threat: tickets level-4/churn-threat matches
--   matches_level_4_public_complaint: tickets level-4/public-complaint matches
--   matches_level_4_legal_threat: tickets level-4/legal-threat matches
--   qualify_level_1: tickets meeting any criterion of level-1
--   would_land_at_level_1: tickets whose highest level is level-1
--   qualify_level_2: tickets meeting any criterion of level-2
--   would_land_at_level_2: tickets whose highest level is level-2
--   qualify_level_3: tickets meeting any criterion of level-3
--   would_land_at_level_3: tickets whose highest level is level-3
--   qualify_level_4: tickets meeting any criterion of level-4
--   would_land_at_level_4: tickets whose highest level is level-4
--   band_escalation_share: tickets at level-1 or higher (Tickets that escalate)
--   band_level_3_share: tickets at level-3 or higher (Tickets that reach Level 3)
WITH typed AS (
  SELECT
    (
      CASE LOWER(TRIM(`Priority`))
        WHEN 'p1'
        THEN 'p1'
        WHEN 'p2'
        THEN 'p2'
        WHEN 'p3'
        THEN 'p3'
        WHEN 'p4'
        THEN 'p4'
        WHEN 'urgent'
        THEN 'p1'
        WHEN 'high'
        THEN 'p2'
        WHEN 'normal'
        THEN 'p3'
        WHEN 'low'
        THEN 'p4'
      END
    ) AS `f_priority`,
    (
      CASE LOWER(TRIM(`Plan`))
        WHEN 'enterprise'
        THEN 'enterprise'
        WHEN 'business'
        THEN 'business'
        WHEN 'starter'
        THEN 'starter'
      END
    ) AS `f_tier`,
    `Production impact` AS `f_production_impact`,
    CAST(`Accounts affected` AS INT64) AS `f_customers_affected`,
    `Workaround given` AS `f_workaround_available`,
    CAST(`Hours without workaround` AS FLOAT64) * 60 AS `f_time_without_workaround`,
    `Data integrity risk` AS `f_data_integrity_risk`,
    `Security flag` AS `f_security_indicators`,
    `Regulatory or safety` AS `f_regulatory_or_safety`,
    CAST(`Disputed amount (USD)` AS FLOAT64) AS `f_disputed_amount`,
    CAST(`ARR (USD)` AS FLOAT64) AS `f_arr`,
    CAST(`Days to termination` AS FLOAT64) * 1440 AS `f_termination_notice`,
    `Escalation requested` AS `f_escalation_requested`,
    `Public complaint` AS `f_public_complaint`,
    (
      CASE LOWER(TRIM(`Complainant`))
        WHEN 'customer'
        THEN 'customer'
        WHEN 'influencer'
        THEN 'influencer'
        WHEN 'journalist'
        THEN 'journalist'
        WHEN 'analyst'
        THEN 'analyst'
        WHEN 'other'
        THEN 'other'
      END
    ) AS `f_complainant_type`,
    `Legal threat` AS `f_legal_threat`,
    CASE
      WHEN (
        NOT `Priority` IS NULL
        AND TRIM(`Priority`) <> ''
        AND NOT LOWER(TRIM(`Priority`)) IN ('p1', 'p2', 'p3', 'p4', 'urgent', 'high', 'normal', 'low')
      )
      OR (
        NOT `Plan` IS NULL
        AND TRIM(`Plan`) <> ''
        AND NOT LOWER(TRIM(`Plan`)) IN ('enterprise', 'business', 'starter')
      )
      OR CAST(`Accounts affected` AS INT64) < 1
      OR CAST(`Accounts affected` AS INT64) > 1000000
      OR CAST(`Hours without workaround` AS FLOAT64) * 60 < 0
      OR CAST(`Hours without workaround` AS FLOAT64) * 60 < 0
      OR CAST(`Hours without workaround` AS FLOAT64) * 60 > 525600
      OR CAST(`Disputed amount (USD)` AS FLOAT64) < 0
      OR CAST(`ARR (USD)` AS FLOAT64) < 0
      OR CAST(`Days to termination` AS FLOAT64) * 1440 < 0
      OR CAST(`Days to termination` AS FLOAT64) * 1440 < 0
      OR CAST(`Days to termination` AS FLOAT64) * 1440 > 5256000
      OR (
        NOT `Complainant` IS NULL
        AND TRIM(`Complainant`) <> ''
        AND NOT LOWER(TRIM(`Complainant`)) IN ('customer', 'influencer', 'journalist', 'analyst', 'other', '-')
      )
      THEN 1
      ELSE 0
    END AS excluded
  FROM `support`.`tickets`
), matched AS (
  SELECT
    excluded,
    CASE
      WHEN (
        (
          `f_priority` = 'p2'
        ) AND (
          `f_production_impact` = TRUE
        )
      )
      THEN 1
      ELSE 0
    END AS c0,
    CASE
      WHEN (
        (
          `f_escalation_requested` = TRUE
        )
        AND (
          `f_arr` >= CAST('10000.0' AS FLOAT64)
        )
      )
      THEN 1
      ELSE 0
    END AS c1,
    CASE WHEN (
      `f_disputed_amount` > CAST('1000.0' AS FLOAT64)
    ) THEN 1 ELSE 0 END AS c2,
    CASE
      WHEN (
        (
          `f_priority` = 'p2'
        )
        AND (
          `f_tier` = 'enterprise'
        )
        AND (
          `f_production_impact` = TRUE
        )
        AND (
          `f_customers_affected` = 1
        )
        AND (
          `f_workaround_available` = FALSE
        )
        AND (
          `f_time_without_workaround` >= CAST('120.0' AS FLOAT64)
        )
      )
      THEN 1
      ELSE 0
    END AS c3,
    CASE
      WHEN (
        (
          `f_priority` = 'p1'
        ) AND (
          `f_customers_affected` = 1
        )
      )
      THEN 1
      ELSE 0
    END AS c4,
    CASE WHEN (
      `f_disputed_amount` > CAST('25000.0' AS FLOAT64)
    ) THEN 1 ELSE 0 END AS c5,
    CASE
      WHEN (
        (
          `f_priority` = 'p1'
        ) AND (
          `f_customers_affected` >= 2
        )
      )
      THEN 1
      ELSE 0
    END AS c6,
    CASE WHEN (
      `f_data_integrity_risk` = TRUE
    ) THEN 1 ELSE 0 END AS c7,
    CASE WHEN (
      `f_security_indicators` = TRUE
    ) THEN 1 ELSE 0 END AS c8,
    CASE WHEN (
      `f_regulatory_or_safety` = TRUE
    ) THEN 1 ELSE 0 END AS c9,
    CASE
      WHEN (
        (
          `f_termination_notice` <= CAST('43200.0' AS FLOAT64)
        )
        AND (
          `f_arr` > CAST('50000.0' AS FLOAT64)
        )
      )
      THEN 1
      ELSE 0
    END AS c10,
    CASE
      WHEN (
        (
          `f_public_complaint` = TRUE
        )
        AND (
          `f_complainant_type` IN ('influencer', 'journalist')
        )
      )
      THEN 1
      ELSE 0
    END AS c11,
    CASE WHEN (
      `f_legal_threat` = TRUE
    ) THEN 1 ELSE 0 END AS c12
  FROM typed
), ranked AS (
  SELECT
    matched.*,
    CASE
      WHEN c10 + c11 + c12 > 0
      THEN 4
      WHEN c6 + c7 + c8 + c9 > 0
      THEN 3
      WHEN c3 + c4 + c5 > 0
      THEN 2
      WHEN c0 + c1 + c2 > 0
      THEN 1
      ELSE 0
    END AS highest
  FROM matched
)
SELECT
  COUNT(*) AS tickets,
  SUM(excluded) AS excluded,
  SUM(CASE WHEN excluded = 0 THEN c0 ELSE 0 END) AS matches_level_1_p2_production,
  SUM(CASE WHEN excluded = 0 THEN c1 ELSE 0 END) AS matches_level_1_requested_escalation,
  SUM(CASE WHEN excluded = 0 THEN c2 ELSE 0 END) AS matches_level_1_billing_dispute,
  SUM(CASE WHEN excluded = 0 THEN c3 ELSE 0 END) AS matches_level_2_enterprise_p2_no_workaround,
  SUM(CASE WHEN excluded = 0 THEN c4 ELSE 0 END) AS matches_level_2_single_customer_p1,
  SUM(CASE WHEN excluded = 0 THEN c5 ELSE 0 END) AS matches_level_2_large_dispute,
  SUM(CASE WHEN excluded = 0 THEN c6 ELSE 0 END) AS matches_level_3_multi_customer_p1,
  SUM(CASE WHEN excluded = 0 THEN c7 ELSE 0 END) AS matches_level_3_data_integrity,
  SUM(CASE WHEN excluded = 0 THEN c8 ELSE 0 END) AS matches_level_3_security,
  SUM(CASE WHEN excluded = 0 THEN c9 ELSE 0 END) AS matches_level_3_regulatory_safety,
  SUM(CASE WHEN excluded = 0 THEN c10 ELSE 0 END) AS matches_level_4_churn_threat,
  SUM(CASE WHEN excluded = 0 THEN c11 ELSE 0 END) AS matches_level_4_public_complaint,
  SUM(CASE WHEN excluded = 0 THEN c12 ELSE 0 END) AS matches_level_4_legal_threat,
  SUM(CASE WHEN excluded = 0 AND c0 + c1 + c2 > 0 THEN 1 ELSE 0 END) AS qualify_level_1,
  SUM(CASE WHEN excluded = 0 AND highest = 1 THEN 1 ELSE 0 END) AS would_land_at_level_1,
  SUM(CASE WHEN excluded = 0 AND c3 + c4 + c5 > 0 THEN 1 ELSE 0 END) AS qualify_level_2,
  SUM(CASE WHEN excluded = 0 AND highest = 2 THEN 1 ELSE 0 END) AS would_land_at_level_2,
  SUM(CASE WHEN excluded = 0 AND c6 + c7 + c8 + c9 > 0 THEN 1 ELSE 0 END) AS qualify_level_3,
  SUM(CASE WHEN excluded = 0 AND highest = 3 THEN 1 ELSE 0 END) AS would_land_at_level_3,
  SUM(CASE WHEN excluded = 0 AND c10 + c11 + c12 > 0 THEN 1 ELSE 0 END) AS qualify_level_4,
  SUM(CASE WHEN excluded = 0 AND highest = 4 THEN 1 ELSE 0 END) AS would_land_at_level_4,
  SUM(CASE WHEN excluded = 0 AND highest >= 1 THEN 1 ELSE 0 END) AS band_escalation_share,
  SUM(CASE WHEN excluded = 0 AND highest >= 3 THEN 1 ELSE 0 END) AS band_level_3_share
FROM ranked;
