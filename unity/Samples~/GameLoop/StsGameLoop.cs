// stskit sample: self-refreshing AWS credentials read every frame without blocking.
// Attach to any GameObject; set the role ARN and give it your login SDK's OIDC token.
// README-BEGIN unity
using StsKit;
using UnityEngine;

public class StsGameLoop : MonoBehaviour
{
    public string region = "eu-west-1";
    public string roleArn = "arn:aws:iam::123456789012:role/GameClient";

    // Set by your login code (e.g. the OIDC ID token of your identity provider).
    public static volatile string IdToken;

    AmazonSecurityTokenServiceClient sts;
    StsCredentialsProvider credentials;
    string lastError;

    void Start()
    {
        // No keys: AssumeRoleWithWebIdentity is an unsigned call.
        sts = new AmazonSecurityTokenServiceClient(new AmazonSecurityTokenServiceConfig { Region = region });
    }

    void Update()
    {
        if (credentials == null)
        {
            if (IdToken == null) return; // not logged in yet
            credentials = new StsCredentialsProvider(sts,
                new AssumeRoleWithWebIdentityRequest { RoleArn = roleArn, RoleSessionName = "player" },
                () => IdToken); // asked at each refresh, on a background thread: touch no Unity objects there
        }
        ImmutableCredentials creds;
        AmazonSecurityTokenServiceException error;
        if (credentials.TryGetCredentials(out creds, out error)) // never blocks
        {
            // Sign this frame's AWS requests with creds.AccessKey, creds.SecretKey, creds.Token.
        }
        else if (error != null && error.Message != lastError) // the refresh failed; retried after a backoff
        {
            lastError = error.Message;
            Debug.LogWarning("STS: " + error.ErrorCode + " " + error.Message);
        }
        // else: the first refresh is still running in the background; try again next frame.
    }

    void OnDestroy()
    {
        if (credentials != null) credentials.Dispose();
        if (sts != null) sts.Dispose();
    }
}
// README-END
