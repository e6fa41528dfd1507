// Package mailer sends e-mail copies of notifications through an SMTP
// server. It is the only package that speaks SMTP (net/smtp). A Mailer
// implements sepakat.NotificationHook: the storage hands it each
// notification after the commit, it puts the message on a bounded queue and
// returns at once; one worker sends the queue, retrying a failed message a
// few times, so a slow or failing server never blocks or breaks a request.
package mailer
