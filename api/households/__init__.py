"""Households (户): one file per household (一户一档), holding the party and its violations."""
