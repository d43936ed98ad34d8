//! The client's network address, for the audit log, attempt limits and `/metrics`: the TCP
//! peer, or, when the peer is a proxy this server was told to trust (`--trusted-proxy`), the
//! address that proxy says it forwarded for (`Forwarded: for=` or `X-Forwarded-For`).

use std::net::IpAddr;
use std::str::FromStr;

/// A trusted proxy: one address, or a CIDR range such as `10.0.0.0/8`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProxyRange {
    network: IpAddr,
    prefix: u8,
}

impl ProxyRange {
    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.network, canonical(address)) {
            (IpAddr::V4(network), IpAddr::V4(address)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(network) & mask == u32::from(address) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(address)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(network) & mask == u128::from(address) & mask
            }
            _ => false,
        }
    }
}

/// An IPv4 address mapped into IPv6 (a dual-stack socket's view) as the IPv4 address it is.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

impl FromStr for ProxyRange {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let network: IpAddr =
            address.parse().map_err(|_| format!("{text:?} is not an address or a range like 10.0.0.0/8"))?;
        let network = canonical(network);
        let longest = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix
                .parse::<u8>()
                .ok()
                .filter(|prefix| *prefix <= longest)
                .ok_or_else(|| format!("{text:?} has a prefix length outside 0 to {longest}"))?,
            None => longest,
        };
        Ok(ProxyRange { network, prefix })
    }
}

/// The address a request came from, as [`resolve`] worked it out; `peer_address` reads it.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub IpAddr);

/// Works out each request's client address once, before any handler runs.
pub async fn resolve(
    axum::extract::State(trusted_proxies): axum::extract::State<std::sync::Arc<[ProxyRange]>>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|axum::extract::ConnectInfo(address)| address.ip());
    if let Some(peer) = peer {
        let client = client_address(peer, request.headers(), &trusted_proxies);
        request.extensions_mut().insert(ClientAddress(client));
    }
    next.run(request).await
}

/// The client's address: the peer's, or what a trusted proxy forwarded for. Walking the
/// forwarded chain from the right (the hop nearest this server), each address that is itself a
/// trusted proxy is skipped; the first that is not is the client.
pub fn client_address(peer: IpAddr, headers: &axum::http::HeaderMap, trusted: &[ProxyRange]) -> IpAddr {
    let peer = canonical(peer);
    if !trusted.iter().any(|range| range.contains(peer)) {
        return peer;
    }
    let mut chain: Vec<IpAddr> = forwarded_for(headers);
    let mut client = peer;
    while let Some(hop) = chain.pop() {
        client = canonical(hop);
        if !trusted.iter().any(|range| range.contains(client)) {
            break;
        }
    }
    client
}

/// The addresses a request was forwarded for, nearest the client first: `Forwarded` when
/// present, else `X-Forwarded-For`. Anything unreadable ends the chain there.
fn forwarded_for(headers: &axum::http::HeaderMap) -> Vec<IpAddr> {
    let values = |name: &str| -> Vec<String> {
        headers.get_all(name).iter().filter_map(|value| value.to_str().ok()).map(str::to_owned).collect()
    };
    let forwarded = values("forwarded");
    let items: Vec<String> = if !forwarded.is_empty() {
        forwarded
            .iter()
            .flat_map(|value| value.split(','))
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (key, value) = pair.trim().split_once('=')?;
                    key.trim().eq_ignore_ascii_case("for").then(|| value.trim().trim_matches('"').to_owned())
                })
            })
            .collect()
    } else {
        values("x-forwarded-for").iter().flat_map(|value| value.split(',')).map(|item| item.trim().to_owned()).collect()
    };
    let mut chain = Vec::new();
    for item in items {
        match parse_node(&item) {
            Some(address) => chain.push(address),
            None => chain.clear(),
        }
    }
    chain
}

/// `192.0.2.1`, `192.0.2.1:4711`, `[2001:db8::1]` or `[2001:db8::1]:4711`.
fn parse_node(text: &str) -> Option<IpAddr> {
    if let Ok(address) = text.parse() {
        return Some(address);
    }
    if let Some(rest) = text.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    text.rsplit_once(':')?.0.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> axum::http::HeaderMap {
        let mut map = axum::http::HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn only_trusted_peers_say_who_the_client_is() {
        let trusted: Vec<ProxyRange> = vec!["10.0.0.0/8".parse().unwrap(), "::1".parse().unwrap()];
        let proxy: IpAddr = "10.1.2.3".parse().unwrap();
        let stranger: IpAddr = "192.0.2.9".parse().unwrap();
        let forwarded = headers(&[("x-forwarded-for", "198.51.100.1, 203.0.113.7, 10.9.9.9")]);
        let check = |peer: IpAddr, headers: &axum::http::HeaderMap, expected: &str| {
            assert_eq!(client_address(peer, headers, &trusted), expected.parse::<IpAddr>().unwrap());
        };
        check(stranger, &forwarded, "192.0.2.9");
        check(proxy, &forwarded, "203.0.113.7");
        check(proxy, &headers(&[]), "10.1.2.3");
        check(proxy, &headers(&[("forwarded", "for=\"[2001:db8::5]:80\";proto=https")]), "2001:db8::5");
        check(proxy, &headers(&[("x-forwarded-for", "nonsense")]), "10.1.2.3");
        check("::1".parse().unwrap(), &headers(&[("x-forwarded-for", "203.0.113.1")]), "203.0.113.1");
        assert!("10.0.0.0/33".parse::<ProxyRange>().is_err());
        assert!("::ffff:10.0.0.1".parse::<ProxyRange>().unwrap().contains("10.0.0.1".parse().unwrap()));
    }
}
