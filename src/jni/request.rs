//! Requests cross as flat arrays and are replayed onto an [`AnyRequest`], so every member check
//! stays in the core.
//!
//! `codes` holds one (tag, `StskitMember`, int value) triple per entry and `strings` one
//! (first, second) pair per entry:
//!
//! | tag | call |
//! | --- | --- |
//! | 1 `SET_STRING` | `set_string(member, first)` |
//! | 2 `SET_INT` | `set_int(member, value)` |
//! | 3 `ADD_STRING` | `add_string(member, first)` (a list item) |
//! | 4 `ADD_PAIR` | `add_pair(member, first, second)` (a tag or a provided context) |
//! | 5 `EMPTY_LIST` | `set_empty_list(member)` (sent as an explicit empty list) |
//!
//! Kotlin's `RequestEncoder` (Requests.kt) writes the same layout.

use super::{string_at, JResult};
use crate::error::Error;
use crate::model::{AnyRequest, Member, OperationId};
use jni::objects::{JIntArray, JObjectArray, JString};
use jni::sys::jint;
use jni::Env;

const SET_STRING: i32 = 1;
const SET_INT: i32 = 2;
const ADD_STRING: i32 = 3;
const ADD_PAIR: i32 = 4;
const EMPTY_LIST: i32 = 5;

/// Builds the request for `operation` from the two arrays.
pub(crate) fn decode(
    env: &mut Env<'_>,
    operation: jint,
    codes: &JIntArray<'_>,
    strings: &JObjectArray<'_, JString<'_>>,
) -> JResult<AnyRequest> {
    let op = OperationId::from_i32(operation)
        .ok_or_else(|| Error::invalid_argument(format!("unknown operation number {operation}")))?;
    let mut request = AnyRequest::new(op);
    let n = codes.len(env)?;
    if n % 3 != 0 || strings.len(env)? != n / 3 * 2 {
        return Err(Error::invalid_argument("malformed request encoding (array lengths)").into());
    }
    let mut triples = vec![0; n];
    codes.get_region(env, 0, &mut triples)?;
    for (i, t) in triples.chunks_exact(3).enumerate() {
        let (tag, member, value) = (t[0], t[1], t[2]);
        let member = Member::from_i32(member)
            .ok_or_else(|| Error::invalid_argument(format!("unknown member number {member}")))?;
        let first = string_at(env, strings, 2 * i)?;
        let first = first.as_deref().map_or("", String::as_str);
        match tag {
            SET_STRING => request.set_string(member, first)?,
            SET_INT => request.set_int(member, value)?,
            ADD_STRING => request.add_string(member, first)?,
            ADD_PAIR => {
                let second = string_at(env, strings, 2 * i + 1)?;
                request.add_pair(member, first, second.as_deref().map_or("", String::as_str))?
            }
            EMPTY_LIST => request.set_empty_list(member)?,
            _ => return Err(Error::invalid_argument(format!("unknown request entry tag {tag}")).into()),
        }
    }
    Ok(request)
}
