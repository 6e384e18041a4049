"""The PDF documents (and the enterprise's .docx draft) the portal writes, one module per kind, each registering its
``reporting.kinds.ReportKind`` at import (DESIGN.md §7; issue 11). Modules starting with ``_`` are helpers."""
