"""The Excel workbooks of the reports (DESIGN.md §7), one module per kind, each registering a
``reporting.kinds.ReportKind``: the national 帮扶小微企业名单 (assisted_list), each district's 数据汇总
(district_summary) and the certification-body roll-up (body_rollup). Written with openpyxl in write-only (streaming)
mode through ``reporting.exports._sheet``: every text cell escaped against formula injection, codes and phones as
text cells, nothing truncated."""
