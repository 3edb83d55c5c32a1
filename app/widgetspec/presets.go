package widgetspec

// presets signs like Binance, Kraken and AWS SigV4 with every intermediate
// string. The defaults are the documented examples (engine/internal/vectors
// hmac.json and engine/signing/testdata/presets.json; a test in app checks
// they still match), so the untouched widget shows the published signatures.
func init() {
	Register(Spec{
		Name:  "presets",
		Title: "Sign like Binance, Kraken or AWS",
		Doc:   "Choose an exchange or cloud preset and see every intermediate string of its signature, starting from the provider's documented example.",
		Params: []Param{
			{Name: "preset", Kind: Enum, Default: "binance", Choices: []string{"binance", "kraken", "sigv4"}, Doc: "which scheme to show"},
			{Name: "binance_secret", Kind: String, Default: "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j", MaxLen: 128, Doc: "Binance secret key (Binance's documented example)"},
			{Name: "binance_query", Kind: String, Default: "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559", MaxLen: 1000, Doc: "query string"},
			{Name: "binance_body", Kind: String, Default: "", MaxLen: 1000, Doc: "request body (form-encoded)"},
			{Name: "kraken_secret", Kind: String, Default: "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==", MaxLen: 128, Doc: "Kraken API secret, base64 (Kraken's documented example)"},
			{Name: "kraken_path", Kind: String, Default: "/0/private/AddOrder", MaxLen: 200, Doc: "URI path"},
			{Name: "kraken_nonce", Kind: String, Default: "1616492376594", MaxLen: 40, Doc: "nonce (also inside the post data)"},
			{Name: "kraken_postdata", Kind: String, Default: "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25", MaxLen: 1000, Doc: "url-encoded POST body"},
			{Name: "aws_key", Kind: String, Default: "AKIDEXAMPLE", MaxLen: 128, Doc: "access key ID (AWS test suite)"},
			{Name: "aws_secret", Kind: String, Default: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", MaxLen: 128, Doc: "secret access key (AWS test suite)"},
			{Name: "aws_region", Kind: String, Default: "us-east-1", MaxLen: 40, Doc: "region"},
			{Name: "aws_service", Kind: String, Default: "service", MaxLen: 40, Doc: "service"},
			{Name: "aws_time", Kind: String, Default: "20150830T123600Z", MaxLen: 16, Doc: "signing time, YYYYMMDDTHHMMSSZ"},
			{Name: "aws_method", Kind: Enum, Default: "GET", Choices: []string{"GET", "POST", "PUT", "DELETE"}, Doc: "HTTP method"},
			{Name: "aws_host", Kind: String, Default: "example.amazonaws.com", MaxLen: 200, Doc: "host"},
			{Name: "aws_path", Kind: String, Default: "/", MaxLen: 200, Doc: "path"},
			{Name: "aws_query", Kind: String, Default: "", MaxLen: 400, Doc: "query string, without ?"},
			{Name: "aws_body", Kind: String, Default: "", MaxLen: 1000, Doc: "request body"},
		},
	})
}
