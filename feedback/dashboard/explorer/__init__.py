"""The dashboard's comment explorer, actions and exports: their logic and their catalogue.

The routes live in feedback/dashboard/{comments,actions,exports}.py on the dashboard blueprint;
this package holds what those routes and the API share.
"""
