"""The pages: thin views that authorize, load, validate, call a service, render.

`day` is My day (the landing page), `actions` the in-place actions that clear its items,
`accounts` the account list and page, `team` the manager dashboard, `errors` the answers
to a form sent from a page gone out of date and to a form's address opened as a page.
"""
