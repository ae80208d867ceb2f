"""Complaints (投诉举报): public intake, tracking, and their handling up to a violation."""
