"""Reports: the monthly progress report (月报), its figures, Excel sheet and submissions."""
