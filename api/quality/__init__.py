"""The data-quality audit (三、工作原则 (三) 实事求是，科学准确): rules that find missing,
contradictory or suspicious records, and a score per community."""
