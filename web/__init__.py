"""The personal web page (``pulse-web``): each employee's figures on their phone or PC."""
