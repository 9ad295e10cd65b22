policy-drop.rules
