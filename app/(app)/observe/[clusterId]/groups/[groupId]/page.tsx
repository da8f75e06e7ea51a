import type { Metadata } from "next";
import { GroupDetail } from "@/components/observe/group-detail";

type Params = Promise<{ clusterId: string; groupId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Group ${(await params).groupId}` };
}

// The layout has signed the user in; the group's figures stream to the client over SSE.
export default async function GroupPage({ params }: { params: Params }) {
  const { clusterId, groupId } = await params;
  return <GroupDetail clusterId={clusterId} groupId={groupId} />;
}
