"""The plan's three forms as Excel sheets: the survey form per household (附件1), the
registration list per community or compound (附件2), the task plan per compound (附件3)."""
