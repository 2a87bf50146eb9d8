# Harvests an OAI-PMH repository with HTTP::OAI (Debian libhttp-oai-perl),
# following resumption tokens, and prints each header: identifier, a tab,
# datestamp. Used by harvest_test.go.
#
#   perl harvest.pl BASEURL ListRecords|ListIdentifiers PREFIX [from=DATE] [until=DATE] [set=SPEC]
use strict;
use warnings;
use HTTP::OAI;

my ($url, $verb, $prefix, @more) = @ARGV;
die "usage: harvest.pl BASEURL VERB PREFIX [ARG=VALUE...]\n" unless $prefix && $verb =~ /^List(Records|Identifiers)$/;
my %args = (metadataPrefix => $prefix, map { split /=/, $_, 2 } @more);
my $h = HTTP::OAI::Harvester->new(baseURL => $url, resume => 1, keep_alive => 1);
my $id = $h->Identify;
die "Identify: " . $id->message . "\n" if $id->is_error;
die "Identify: protocol version " . $id->protocolVersion . "\n" unless $id->protocolVersion eq '2.0';
binmode STDOUT, ':encoding(UTF-8)';
my $r = $h->$verb(%args, onRecord => sub {
	my ($rec) = @_;
	my $hd = $rec->isa('HTTP::OAI::Record') ? $rec->header : $rec;
	print $hd->identifier, "\t", $hd->datestamp, "\n";
});
if ($r->is_error) {
	my @codes = map { $_->code } $r->errors;
	die "$verb: " . ($r->message // '') . " [@codes]\n";
}
